/** A `$name` or `$1` parameter found in SQL text. */
export interface SqlParameterToken {
  /** The name without `$`: `city`, or the digits of a positional parameter. */
  name: string;
  /** True for `$1`, `$2`, ... */
  positional: boolean;
  /** Offset of the `$`. */
  start: number;
  /** Offset just past the parameter. */
  end: number;
}

/** What {@link scanSql} finds in SQL text. */
export interface SqlScan {
  /** Statements holding more than whitespace and comments. */
  statements: number;
  /**
   * The first word of the first statement, lower-cased (`select`, `with`), or its first character when it does
   * not start with a word (`(`); absent when there is no statement.
   */
  firstWord?: string;
  /** Parameters outside strings, quoted identifiers and comments, in order. */
  parameters: SqlParameterToken[];
}

const isWordChar = (c: string | undefined): boolean =>
  c !== undefined && (/[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) > 0x7f);
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const POSITIONAL = /\$(\d+)/y;
const NAMED = /\$([A-Za-z_][A-Za-z0-9_]*)/y;
const WORD = /[A-Za-z_]+/y;

/**
 * Scans SQL text in the PostgreSQL dialect without parsing it: skips string literals (`'...'` with `''`,
 * `E'...'` with backslash escapes, `$tag$...$tag$`), quoted identifiers and comments (`--`, nested `/* *\/`), and
 * finds statement boundaries (`;`), the first word and the `$` parameters. Text that never closes a string or
 * comment ends inside it.
 *
 * @example
 * ```ts
 * scanSql("SELECT $city, '$not' -- $no\n; ").parameters.map((p) => p.name); // ["city"]
 * ```
 */
export function scanSql(sql: string): SqlScan {
  const scan: SqlScan = { statements: 0, parameters: [] };
  let inStatement = false;
  const mark = (word: string) => {
    if (inStatement) return;
    inStatement = true;
    scan.statements++;
    if (scan.statements === 1) scan.firstWord = word.toLowerCase();
  };
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end + 1;
    } else if (c === "/" && next === "*") {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === "/" && sql[i + 1] === "*") {
          depth++;
          i += 2;
        } else if (sql[i] === "*" && sql[i + 1] === "/") {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === "'" || c === '"') {
      mark(c);
      const prefix = sql[i - 1];
      const backslash = c === "'" && (prefix === "e" || prefix === "E") && !isWordChar(sql[i - 2]);
      i++;
      while (i < n) {
        const d = sql[i];
        if (backslash && d === "\\") i += 2;
        else if (d === c && sql[i + 1] === c) i += 2;
        else if (d === c) {
          i++;
          break;
        } else i++;
      }
    } else if (c === "$" && !isWordChar(sql[i - 1])) {
      mark(c);
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql);
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
        continue;
      }
      POSITIONAL.lastIndex = i;
      NAMED.lastIndex = i;
      const positional = POSITIONAL.exec(sql);
      const named = positional ? null : NAMED.exec(sql);
      const match = positional ?? named;
      if (match) {
        const end = i + match[0].length;
        scan.parameters.push({ name: match[1] as string, positional: !!positional, start: i, end });
        i = end;
      } else i++;
    } else if (c === ";") {
      inStatement = false;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      WORD.lastIndex = i;
      const word = isWordChar(sql[i - 1]) ? null : WORD.exec(sql);
      mark(word ? word[0] : c);
      i += word ? word[0].length : 1;
    }
  }
  return scan;
}

/**
 * Rewrites `$name` parameters as PostgreSQL's positional `$1`, `$2`, ... in order of first use; the same name
 * gets the same number. Returns the text and the names, position `k - 1` holding the name of `$k`.
 *
 * @example
 * ```ts
 * toPositional("SELECT $b, $a, $b"); // { text: "SELECT $1, $2, $1", names: ["b", "a"] }
 * ```
 */
export function toPositional(sql: string, scan: SqlScan = scanSql(sql)): { text: string; names: string[] } {
  const names: string[] = [];
  let text = "";
  let at = 0;
  for (const p of scan.parameters) {
    if (p.positional) continue;
    let k = names.indexOf(p.name);
    if (k < 0) k = names.push(p.name) - 1;
    text += `${sql.slice(at, p.start)}$${k + 1}`;
    at = p.end;
  }
  return { text: text + sql.slice(at), names };
}
