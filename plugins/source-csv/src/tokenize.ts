/** A problem the tokenizer found in a record; the record's cells are then not trustworthy. */
export interface TokenProblem {
  /** `unterminated-quote`: a quoted cell never ends. `text-after-quote`: a closing quote is followed by text. */
  code: "unterminated-quote" | "text-after-quote";
  /** 1-based line where the cell starts. */
  line: number;
  /** 1-based cell number in the record. */
  column: number;
}

/** One record (a row) of a CSV text. */
export interface CsvRecord {
  /** The cells, unquoted, untrimmed. */
  cells: string[];
  /** For each cell, the 1-based line where it starts (a quoted cell may span lines). */
  lines: number[];
  /** The 1-based line where the record starts. */
  line: number;
  /** Problems found in the record; empty when it is well formed. */
  problems: TokenProblem[];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Counts line breaks (CRLF, LF or a lone CR) in `text` between `from` and `to`. */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (text.charCodeAt(i + 1) === LF && i + 1 < to) i++;
    }
  }
  return n;
}

/**
 * Splits CSV text into records, following RFC 4180: cells separated by `delimiter`, records by CRLF, LF or
 * CR; a cell that starts with `"` is quoted and may hold delimiters, line breaks and doubled quotes (`""`).
 * A `"` inside an unquoted cell is kept as it is. A line break at the end of the text does not start a new
 * record. Line numbers count every line break, including those inside quoted cells.
 *
 * @example
 * ```ts
 * [...tokenizeCsv('a,"b ""c"""\r\n1,2', ",")].map((r) => r.cells); // [["a", 'b "c"'], ["1", "2"]]
 * ```
 */
export function* tokenizeCsv(text: string, delimiter: string): Generator<CsvRecord, void, undefined> {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const record: CsvRecord = { cells: [], lines: [], line, problems: [] };
    for (;;) {
      const cellLine = line;
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        cell = "";
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close < 0) {
            cell += text.slice(i);
            line += countBreaks(text, i, n);
            i = n;
            record.problems.push({
              code: "unterminated-quote",
              line: cellLine,
              column: record.cells.length + 1,
            });
            break;
          }
          cell += text.slice(i, close);
          line += countBreaks(text, i, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            cell += '"';
            i = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== d && c !== CR && c !== LF) {
            record.problems.push({
              code: "text-after-quote",
              line: cellLine,
              column: record.cells.length + 1,
            });
            const start = i;
            while (i < n) {
              const e = text.charCodeAt(i);
              if (e === d || e === CR || e === LF) break;
              i++;
            }
            cell += text.slice(start, i);
          }
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === CR || c === LF) break;
          i++;
        }
        cell = text.slice(start, i);
      }
      record.cells.push(cell);
      record.lines.push(cellLine);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      i++;
      if (c === d) continue;
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    yield record;
  }
}
