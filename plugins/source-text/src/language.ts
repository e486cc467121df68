import { isChineseLanguage } from "@cityindex/source-reviews";

/** Words naming languages that are accepted in place of a tag. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  english: "en",
  英语: "en",
  英文: "en",
  japanese: "ja",
  korean: "ko",
  french: "fr",
  german: "de",
  spanish: "es",
};

/**
 * Reduces a language tag to the key the source groups posts by: `zh` for every Chinese tag (`zh-TW`, `yue`,
 * `cmn-Hans`, `中文`; see `isChineseLanguage` of `@cityindex/source-reviews`), otherwise the primary subtag in
 * lower case (`en-GB` → `en`), or one of the words `english`, `japanese`, ... `other` and `und` are kept.
 * `undefined` when the text is not a tag.
 *
 * @example
 * ```ts
 * normaliseLanguage("zh_HK"); // "zh"
 * normaliseLanguage("EN-us"); // "en"
 * ```
 */
export function normaliseLanguage(tag: string): string | undefined {
  const t = tag.normalize("NFKC").trim().toLowerCase();
  if (t === "") return undefined;
  if (isChineseLanguage(t)) return "zh";
  const named = LANGUAGE_NAMES[t];
  if (named !== undefined) return named;
  if (t === "other") return "other";
  const primary = t.split(/[-_]/)[0] ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/**
 * English words too common to carry sentiment, used with the English lexicon to tell English from other
 * Latin-script text.
 */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    "the and or but of to in at for with from by about into over after before than then this that these those " +
    "is are was were be been being am it its it's i you he she we they my our your his her their them us " +
    "not very too there here have has had do does did will would can could should just all also what when " +
    "where who which how why more most some any one out up only really"
  ).split(" "),
);

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN_WORD = /\p{Script=Latin}+(?:['’]\p{Script=Latin}+)*/gu;

const count = (text: string, re: RegExp): number => {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
};

/**
 * Detects a post's language from its script, for posts with no language field:
 *
 * - no letters at all (emoji, numbers, links): `und`;
 * - any kana, with Han characters and kana at least as many as Latin words: `ja`;
 * - Hangul at least as many as Han characters and Latin words: `ko`;
 * - Han characters at least as many as Latin words: `zh` (a Chinese word is one or two characters);
 * - otherwise Latin words: `en` when at least a quarter of them are English (in `isEnglishWord`, that is the
 *   English lexicon, or in {@link ENGLISH_FUNCTION_WORDS}), else `other`;
 * - any other script: `other`.
 *
 * A heuristic: it tells Chinese from English well, and it calls other Latin-script languages `other` unless
 * they share many words with English. Give a `language` field when the data has one.
 *
 * @example
 * ```ts
 * detectLanguage("成都的熊猫很可爱"); // "zh"
 * detectLanguage("The pandas were amazing"); // "en"
 * detectLanguage("Une ville magnifique"); // "other"
 * ```
 */
export function detectLanguage(text: string, isEnglishWord: (word: string) => boolean = () => false): string {
  const han = count(text, HAN);
  const kana = count(text, KANA);
  const hangul = count(text, HANGUL);
  LATIN_WORD.lastIndex = 0;
  const latin = text.match(LATIN_WORD) ?? [];
  if (kana > 0 && han + kana >= latin.length) return "ja";
  if (hangul > 0 && hangul >= han && hangul >= latin.length) return "ko";
  if (han > 0 && han >= latin.length) return "zh";
  if (latin.length > 0) {
    let english = 0;
    for (const w of latin) {
      const word = w.toLowerCase().replace(/’/g, "'");
      if (ENGLISH_FUNCTION_WORDS.has(word) || isEnglishWord(word)) english++;
    }
    return english * 4 >= latin.length ? "en" : "other";
  }
  return /\p{L}/u.test(text) ? "other" : "und";
}
