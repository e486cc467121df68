import Sentiment from "sentiment";
import english from "sentiment/languages/en/index.js";
import { lexiconKey } from "../lexicon.js";
import { hash32 } from "../prng.js";
import { ZH_MODIFIERS, zhSeedLexicon } from "../zh-seed.js";
import { scoreTokens, type Token, tokensOfSegments, wordTokens } from "./tokens.js";

/** A post's sentiment as a classifier sees it. */
export interface PostScore {
  /** The score on [-1, 1]: below 0 negative, above 0 positive. */
  score: number;
  /** Sentiment words found; a post with none counts as neutral (score 0). */
  hits: number;
  /** Tokens counted. */
  tokens: number;
}

/**
 * A sentiment classifier: the built-in lexicon classifier, or one of your own (a model, a service) given to
 * `parseText` as `classifier`. `score` returns a {@link PostScore}, a bare number on [-1, 1] (counted as a
 * post with sentiment), or `undefined` when it cannot score the language (the post then counts in volume but
 * not in sentiment). It may return a promise.
 */
export interface TextClassifier {
  /** A name recorded in every observation's provenance (`classifier`). */
  name: string;
  /** Scores one post's cleaned text in a language (`en`, `zh`, `other`, ...). */
  score(
    text: string,
    language: string,
  ): PostScore | number | undefined | Promise<PostScore | number | undefined>;
  /** Used by language detection: true for a word of the English lexicon. */
  isEnglishWord?(word: string): boolean;
}

/** A lexicon to add to, or put in place of, a language's lexicon. */
export interface LexiconInput {
  /** Primary language subtag: `en`, `zh`, `fr`. */
  language: string;
  /** Words and scores; keys are looked up by `lexiconKey`. */
  words: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /** `add` (default) or `replace`. */
  mode?: "add" | "replace";
  /** Largest absolute score; default 5. */
  scale?: number;
  /** Negators and degree adverbs → factor (not used for English). */
  modifiers?: Readonly<Record<string, number>>;
  /** Shown in provenance: a file name, or `inline`. */
  name?: string;
}

/** Options of {@link createLexiconClassifier}. */
export interface LexiconClassifierOptions {
  /** Lexicons added or replaced, applied in order. */
  lexicons?: readonly LexiconInput[];
  /** Jieba's hidden Markov model for words not in its dictionary; default `false`. */
  hmm?: boolean;
}

/** How one language is scored. */
interface LanguageModel {
  engine: "afinn" | "jieba" | "words";
  words: Map<string, number>;
  modifiers: Map<string, number>;
  scale: number;
  name: string;
  /** `sentiment` language code (engine `afinn`). */
  code: string;
}

/** The name of the English lexicon in provenance. */
export const AFINN_NAME = "AFINN-165 (sentiment 5.0.2)";
/** The name of the seed Chinese lexicon in provenance. */
export const ZH_SEED_NAME = "cityindex zh seed lexicon v0.1";

const sentiment = new Sentiment();
const AFINN: ReadonlyMap<string, number> = new Map(Object.entries(english.labels));
const ENGLISH_CHARS = /[‘’]/g;
const ENGLISH_QUOTES = /[“”]/g;

/** The part of a jieba instance this package uses: `cut` (precise mode). */
export interface ChineseSegmenter {
  cut(sentence: string, hmm?: boolean | null): string[];
}

let jieba: Promise<ChineseSegmenter> | undefined;

/**
 * Loads @node-rs/jieba 2 with its bundled dictionary (`Jieba.withDict(dict)`; version 2 starts with an empty
 * dictionary otherwise). Loaded once per process, on first use, so files without Chinese never load it.
 */
export function loadJieba(): Promise<ChineseSegmenter> {
  jieba ??= Promise.all([import("@node-rs/jieba"), import("@node-rs/jieba/dict.js")]).then(
    ([{ Jieba }, { dict }]) => Jieba.withDict(dict),
  );
  return jieba;
}

/**
 * Segments Chinese text into words with jieba's dictionary (precise mode; the hidden Markov model for unknown
 * words only when `hmm` is true).
 *
 * @example
 * ```ts
 * await segmentChinese("成都的大熊猫非常可爱"); // ["成都", "的", "大熊猫", "非常", "可爱"]
 * ```
 */
export async function segmentChinese(text: string, hmm = false): Promise<string[]> {
  return (await loadJieba()).cut(text, hmm);
}

const clamp = (x: number) => Math.min(1, Math.max(-1, x));

/**
 * The built-in classifier: English through the `sentiment` package (AFINN-165 and its emoji list, with its
 * rule that a negator such as `not` or `don't` flips the next word), Chinese by segmenting with jieba and
 * scoring with the seed lexicon and its modifiers, and any language given a lexicon by splitting into words.
 * A post's score is its comparative score (Σ word scores / tokens) divided by the lexicon's scale (5) and
 * clipped to [-1, 1]; a post with no sentiment word scores 0. Languages without a lexicon are not scored.
 */
export class LexiconClassifier implements TextClassifier {
  /** The lexicons used, by language: `en: AFINN-165 ...; zh: ...`. */
  readonly name: string;
  private readonly models = new Map<string, LanguageModel>();
  private readonly hmm: boolean;
  private segmenter: ChineseSegmenter | undefined;
  private longest = new Map<string, number>();

  /** See {@link createLexiconClassifier}. */
  constructor(options: LexiconClassifierOptions = {}) {
    this.hmm = options.hmm ?? false;
    this.models.set("en", {
      engine: "afinn",
      words: new Map(AFINN),
      modifiers: new Map(),
      scale: 5,
      name: AFINN_NAME,
      code: "en",
    });
    this.models.set("zh", {
      engine: "jieba",
      words: new Map(zhSeedLexicon()),
      modifiers: new Map(Object.entries(ZH_MODIFIERS)),
      scale: 5,
      name: ZH_SEED_NAME,
      code: "zh",
    });
    for (const input of options.lexicons ?? []) this.apply(input);
    for (const [language, m] of this.models) {
      if (m.engine === "afinn" && (m.code !== "en" || m.name !== AFINN_NAME)) {
        m.code = `cityindex-${language}-${hash32(JSON.stringify([...m.words]))}`;
        sentiment.registerLanguage(m.code, {
          labels: Object.fromEntries(m.words),
          scoringStrategy: english.scoringStrategy,
        });
      }
      this.longest.set(language, Math.max(0, ...[...m.modifiers.keys()].map((k) => k.length)));
    }
    this.name = [...this.models]
      .map(([language, m]) => `${language}: ${m.name}`)
      .sort()
      .join("; ");
  }

  /** The languages this classifier scores. */
  get languages(): string[] {
    return [...this.models.keys()];
  }

  /** The words and scores of a language's lexicon (after additions), or `undefined`. */
  lexicon(language: string): ReadonlyMap<string, number> | undefined {
    return this.models.get(language)?.words;
  }

  /** True for a word of the English lexicon. */
  isEnglishWord(word: string): boolean {
    return this.models.get("en")?.words.has(word) ?? false;
  }

  /** Scores a post, or `undefined` for a language without a lexicon. */
  score(text: string, language: string): PostScore | undefined | Promise<PostScore | undefined> {
    const m = this.models.get(language);
    if (m === undefined) return undefined;
    if (m.engine === "afinn") {
      const r = sentiment.analyze(text.replace(ENGLISH_CHARS, "'").replace(ENGLISH_QUOTES, '"'), {
        language: m.code,
      });
      return { score: clamp(r.comparative / m.scale), hits: r.words.length, tokens: r.tokens.length };
    }
    if (m.engine === "words") return this.fromTokens(wordTokens(text), m, language, " ", false);
    if (this.segmenter === undefined) {
      return loadJieba().then((s) => {
        this.segmenter = s;
        return this.score(text, language);
      });
    }
    const tokens = tokensOfSegments(this.segmenter.cut(text, this.hmm));
    return this.fromTokens(tokens, m, language, "", true);
  }

  private fromTokens(
    tokens: Token[],
    m: LanguageModel,
    language: string,
    joiner: string,
    split: boolean,
  ): PostScore {
    const r = scoreTokens(tokens, m.words, m.modifiers, joiner, split, this.longest.get(language));
    const score = r.words > 0 ? clamp(r.sum / r.words / m.scale) : 0;
    return { score, hits: r.hits, tokens: r.words };
  }

  private apply(input: LexiconInput): void {
    const entries =
      input.words instanceof Map ? [...input.words] : Object.entries(input.words as Record<string, number>);
    const words = entries.map(([w, s]): [string, number] => [lexiconKey(w), s]);
    const modifiers = Object.entries(input.modifiers ?? {}).map(([w, f]): [string, number] => [
      lexiconKey(w),
      f,
    ]);
    const name = input.name ?? "inline";
    const before = this.models.get(input.language);
    const mode = input.mode ?? "add";
    const scale = input.scale ?? 5;
    if (before === undefined || mode === "replace") {
      this.models.set(input.language, {
        engine: before?.engine ?? "words",
        words: new Map(words),
        modifiers: input.modifiers ? new Map(modifiers) : new Map(before?.modifiers ?? []),
        scale,
        name,
        code: before?.code ?? input.language,
      });
      return;
    }
    for (const [w, s] of words) before.words.set(w, s);
    for (const [w, f] of modifiers) before.modifiers.set(w, f);
    before.scale = scale;
    before.name = `${before.name} + ${name}`;
  }
}

/**
 * Makes the built-in lexicon classifier, with lexicons added or replaced in order.
 *
 * @example
 * ```ts
 * const classifier = createLexiconClassifier({ lexicons: [{ language: "zh", words: { 巴适: 3 } }] });
 * await classifier.score("火锅很巴适", "zh"); // { score: 0.3, hits: 1, tokens: 3 }
 * ```
 */
export function createLexiconClassifier(options: LexiconClassifierOptions = {}): LexiconClassifier {
  return new LexiconClassifier(options);
}
