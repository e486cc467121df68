/** A problem in a lexicon file: its line, a code and a sentence. */
export interface LexiconProblem {
  /** 1-based line. */
  line: number;
  /** `bad-lexicon-line` or `duplicate-lexicon-word`. */
  code: string;
  /** What is wrong. */
  message: string;
}

/** A lexicon read from TSV. */
export interface ParsedLexicon {
  /** Word (NFKC, lower case) → score. */
  words: Map<string, number>;
  /** Lines that could not be read, and words given twice (the later score wins). */
  problems: LexiconProblem[];
}

/**
 * The key a word is looked up by: NFKC-normalised, trimmed, in lower case, inner spaces collapsed to one, and
 * `’` written as `'`.
 */
export function lexiconKey(word: string): string {
  return word.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ").replace(/’/g, "'");
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Reads a sentiment lexicon written as TSV: one `word<TAB>score` per line (a byte order mark, blank lines and
 * lines starting with `#` are skipped; columns after the score are ignored; without a tab, the last run of
 * spaces separates the word from the score). Words are looked up by {@link lexiconKey}. A line without a
 * finite score is a problem and is left out; a word given twice keeps its later score.
 *
 * @example
 * ```ts
 * parseLexicon("好\t2\n糟糕\t-3").words.get("糟糕"); // -3
 * ```
 */
export function parseLexicon(text: string): ParsedLexicon {
  const words = new Map<string, number>();
  const first = new Map<string, number>();
  const problems: LexiconProblem[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (s === "" || s.startsWith("#")) return;
    let word: string;
    let score: string;
    const tab = raw.indexOf("\t");
    if (tab !== -1) {
      word = raw.slice(0, tab);
      score = (raw.slice(tab + 1).split("\t")[0] ?? "").trim();
    } else {
      const m = /^(.*\S)\s+(\S+)$/.exec(s);
      word = m?.[1] ?? s;
      score = m?.[2] ?? "";
    }
    const key = lexiconKey(word);
    if (key === "" || !NUMBER.test(score)) {
      problems.push({
        line,
        code: "bad-lexicon-line",
        message: `line ${line} is not \`word<TAB>score\` with a number for the score; the line is not used`,
      });
      return;
    }
    const before = first.get(key);
    if (before !== undefined) {
      problems.push({
        line,
        code: "duplicate-lexicon-word",
        message: `the word \`${key}\` is given again (first on line ${before}); the later score is used`,
      });
    } else first.set(key, line);
    words.set(key, Number(score));
  });
  return { words, problems };
}
