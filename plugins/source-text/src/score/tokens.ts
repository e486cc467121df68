/** A token of a post: a word, or a clause break (a punctuation mark). */
export interface Token {
  /** The token's text (words in lower case). */
  text: string;
  /** True for a clause break. */
  brk: boolean;
}

/** What a lexicon found in a list of tokens. */
export interface TokenScore {
  /** Σ of the sentiment words' scores, each times the modifiers before it. */
  sum: number;
  /** Word tokens counted: sentiment words, modifiers and other words; clause breaks are not counted. */
  words: number;
  /** Sentiment words found. */
  hits: number;
}

const PUNCTUATION = /^[\p{P}\p{S}]+$/u;
const SPACE = /^\s*$/u;

/** Turns segments (from a segmenter such as jieba) into tokens: spaces dropped, punctuation and symbols as breaks. */
export function tokensOfSegments(segments: readonly string[]): Token[] {
  const out: Token[] = [];
  for (const s of segments) {
    if (SPACE.test(s)) continue;
    out.push(PUNCTUATION.test(s) ? { text: s, brk: true } : { text: s.toLowerCase(), brk: false });
  }
  return out;
}

const WORD_OR_BREAK = /([\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*)|([.,;:!?¡¿…。，、；：！？])/gu;

/**
 * Splits text written with spaces between words (any script but Chinese, Japanese, Thai ...) into word tokens
 * (letters, marks and digits, with inner apostrophes) in lower case, and clause breaks at `. , ; : ! ? …` and
 * their full-width forms.
 */
export function wordTokens(text: string): Token[] {
  const out: Token[] = [];
  WORD_OR_BREAK.lastIndex = 0;
  for (const m of text.matchAll(WORD_OR_BREAK)) {
    if (m[1] !== undefined) out.push({ text: m[1].toLowerCase().replace(/’/g, "'"), brk: false });
    else out.push({ text: m[2] ?? "", brk: true });
  }
  return out;
}

/** The most segments joined back into one lexicon entry. */
export const MAX_MERGE = 4;

/**
 * Scores tokens with a lexicon and modifiers (negators and degree adverbs), left to right:
 *
 * 1. **Merge**: at each position, the longest run of 2 to {@link MAX_MERGE} word tokens whose concatenation
 *    (joined by `joiner`) is a lexicon word or a modifier becomes one token, so a segmenter's split of
 *    `值得一去` into `值得/一/去`, or `not bad` in a lexicon with spaces, is found whole.
 * 2. **Look up**: a sentiment word adds its score times the pending factor to the sum, and the pending factor
 *    goes back to 1; a modifier multiplies the pending factor (so `不` flips the next sentiment word and `很`
 *    multiplies it by 1.5); any other word leaves it as it is; a clause break resets it to 1.
 * 3. **Split** (when `split` is true, for Chinese): a token that is neither is read as modifiers, a sentiment
 *    word and an optional final particle ({@link FINAL_PARTICLES}) when it is one (`很脏` → `很` + `脏`,
 *    `很不好` → `很` + `不` + `好`, `太好了` → `太` + `好` + `了`), taking the longest modifier first; each
 *    part counts as a word.
 *
 * @example
 * ```ts
 * scoreTokens(tokensOfSegments(["服务", "不好"]), new Map([["好", 2]]), new Map([["不", -1]]), "", true);
 * // { sum: -2, words: 3, hits: 1 }
 * ```
 */
export function scoreTokens(
  tokens: readonly Token[],
  lexicon: ReadonlyMap<string, number>,
  modifiers: ReadonlyMap<string, number>,
  joiner: string,
  split: boolean,
  longestModifier = longestKey(modifiers),
): TokenScore {
  let sum = 0;
  let words = 0;
  let hits = 0;
  let pending = 1;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    if (token.brk) {
      pending = 1;
      i++;
      continue;
    }
    let word = token.text;
    let take = 1;
    let joined = word;
    for (let k = 2; k <= MAX_MERGE && i + k <= tokens.length; k++) {
      const next = tokens[i + k - 1] as Token;
      if (next.brk) break;
      joined += joiner + next.text;
      if (lexicon.has(joined) || modifiers.has(joined)) {
        word = joined;
        take = k;
      }
    }
    i += take;
    const score = lexicon.get(word);
    if (score !== undefined) {
      sum += pending * score;
      hits++;
      words++;
      pending = 1;
      continue;
    }
    const factor = modifiers.get(word);
    if (factor !== undefined) {
      pending *= factor;
      words++;
      continue;
    }
    if (split) {
      const parts = splitModifiers(word, lexicon, modifiers, longestModifier);
      if (parts) {
        sum += pending * parts.factor * parts.score;
        hits++;
        words += parts.count;
        pending = 1;
        continue;
      }
    }
    words++;
  }
  return { sum, words, hits };
}

function longestKey(map: ReadonlyMap<string, unknown>): number {
  let n = 0;
  for (const k of map.keys()) n = Math.max(n, k.length);
  return n;
}

/**
 * Sentence-final particles that may end a token after a sentiment word (`太好了` → `太` + `好` + `了`):
 * 了, 的, 啊, 呀, 吧, 啦, 哦, 呢, 嘛, 哈.
 */
export const FINAL_PARTICLES: ReadonlySet<string> = new Set([
  "了",
  "的",
  "啊",
  "呀",
  "吧",
  "啦",
  "哦",
  "呢",
  "嘛",
  "哈",
]);

/** `word` as modifiers, a lexicon word and an optional final particle, or `undefined`. */
function splitModifiers(
  word: string,
  lexicon: ReadonlyMap<string, number>,
  modifiers: ReadonlyMap<string, number>,
  longest: number,
): { factor: number; score: number; count: number } | undefined {
  let rest = word;
  let factor = 1;
  let count = 0;
  for (;;) {
    const whole = count > 0 ? lexicon.get(rest) : undefined;
    if (whole !== undefined) return { factor, score: whole, count: count + 1 };
    const last = rest.slice(-1);
    if (rest.length > 1 && FINAL_PARTICLES.has(last)) {
      const score = lexicon.get(rest.slice(0, -1));
      if (score !== undefined) return { factor, score, count: count + 2 };
    }
    let found = 0;
    for (let n = Math.min(longest, rest.length - 1); n >= 1; n--) {
      const f = modifiers.get(rest.slice(0, n));
      if (f !== undefined) {
        factor *= f;
        found = n;
        break;
      }
    }
    if (found === 0) return undefined;
    rest = rest.slice(found);
    count++;
  }
}
