import type { CsvEncoding } from "./options.js";

/** The encoding a file was actually read with. */
export type DecodedEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/** Text decoded from a file's bytes. */
export interface DecodedText {
  /** The text, without a byte order mark. */
  text: string;
  /** The encoding used. */
  encoding: DecodedEncoding;
  /** True when the bytes began with a byte order mark. */
  bom: boolean;
  /**
   * Set when some bytes are not valid in `encoding`: the 1-based line of the first bad bytes. Those bytes are
   * decoded as U+FFFD; the caller must report them.
   */
  invalidLine?: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Decodes strictly; returns `undefined` when the bytes are not valid in the encoding. */
function tryDecode(bytes: Uint8Array, encoding: DecodedEncoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The 1-based line of the first bytes that are not valid in `encoding`. Line breaks are found in the bytes:
 * in UTF-8 and GB18030 the bytes of CR and LF never occur inside a multi-byte character.
 */
function firstInvalidLine(bytes: Uint8Array, encoding: DecodedEncoding): number {
  let line = 1;
  let start = 0;
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? bytes[i] : 0x0a;
    if (b !== 0x0a && b !== 0x0d) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
    line++;
    start = i + 1;
  }
  return line;
}

/** The 1-based line of the first U+FFFD in `text`: for UTF-16, whose bytes cannot be split at line breaks. */
function firstReplacementLine(text: string): number {
  const before = text.slice(0, Math.max(0, text.indexOf("\uFFFD")));
  return 1 + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
}

function lenient(bytes: Uint8Array, encoding: DecodedEncoding, bom: boolean): DecodedText {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const invalidLine = encoding.startsWith("utf-16")
    ? firstReplacementLine(text)
    : firstInvalidLine(bytes, encoding);
  return { text, encoding, bom, invalidLine };
}

/**
 * Decodes a CSV file's bytes.
 *
 * - `auto`: a UTF-16 byte order mark (as in Excel's "Unicode text") selects UTF-16; otherwise a UTF-8 byte
 *   order mark is skipped and the bytes are read as UTF-8 when they are valid UTF-8, else as GB18030 (what
 *   Excel writes in a Chinese locale; GBK and GB2312 are subsets).
 * - `utf-8`, `gb18030`: that encoding; a leading byte order mark is skipped.
 *
 * Bytes that are not valid are never dropped silently: they decode to U+FFFD and
 * {@link DecodedText.invalidLine} says where the first ones are.
 *
 * @example
 * ```ts
 * decodeCsvBytes(new Uint8Array([0xb3, 0xc9, 0xb6, 0xbc]), "auto"); // { text: "成都", encoding: "gb18030", bom: false }
 * ```
 */
export function decodeCsvBytes(bytes: Uint8Array, encoding: CsvEncoding): DecodedText {
  if (encoding === "auto") {
    if (startsWith(bytes, [0xff, 0xfe])) return decodeAs(bytes.subarray(2), "utf-16le", true);
    if (startsWith(bytes, [0xfe, 0xff])) return decodeAs(bytes.subarray(2), "utf-16be", true);
  }
  const bom = startsWith(bytes, UTF8_BOM);
  const body = bom ? bytes.subarray(3) : bytes;
  if (encoding === "auto") {
    const utf8 = tryDecode(body, "utf-8");
    if (utf8 !== undefined) return { text: utf8, encoding: "utf-8", bom };
    if (bom) return lenient(body, "utf-8", bom);
    const gb = tryDecode(body, "gb18030");
    if (gb !== undefined) return { text: stripBom(gb), encoding: "gb18030", bom: gb.startsWith("\uFEFF") };
    return lenient(body, "gb18030", bom);
  }
  if (encoding === "utf-8") return decodeAs(body, "utf-8", bom);
  const gb = decodeAs(body, "gb18030", bom);
  // GB18030 has its own byte order mark, 84 31 95 33, which decodes to U+FEFF.
  return gb.text.startsWith("\uFEFF") ? { ...gb, text: gb.text.slice(1), bom: true } : gb;
}

function decodeAs(bytes: Uint8Array, encoding: DecodedEncoding, bom: boolean): DecodedText {
  const text = tryDecode(bytes, encoding);
  return text === undefined ? lenient(bytes, encoding, bom) : { text, encoding, bom };
}

function stripBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}
