/** One record of a CSV file and the line it starts on (1-based). */
export interface CsvRecord {
  /** Line number of the record's first character. */
  line: number;
  /** The fields, unquoted. */
  fields: string[];
}

/** Records, or where and why the text is not CSV. */
export type CsvParse = { records: CsvRecord[] } | { error: string; line: number };

/**
 * Parses RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, line breaks and doubled
 * quotes (`""`); lines end in LF or CRLF; a leading byte-order mark is dropped; blank lines are skipped. A quote
 * that is never closed, or text after a closing quote, is an error.
 *
 * @example
 * parseCsv('a,"b, c"\n1,"say ""hi"""') // { records: [{ line: 1, fields: ["a", "b, c"] }, { line: 2, fields: ["1", 'say "hi"'] }] }
 */
export function parseCsv(input: string): CsvParse {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: start, fields });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (field === "" && c === '"') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) return { error: "a quoted field is never closed", line: quoteLine };
        const d = text[i]!;
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === "\n") line++;
        field += d;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        return { error: "text follows a closing quote", line };
      }
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      start = line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || fields.length > 0) endRecord();
  return { records };
}
