/** One line of a byte stream, without its line break. */
export interface RawLine {
  /** 1-based line number. */
  line: number;
  /** The line's bytes, or `undefined` when it was longer than the cap (and was not kept). */
  bytes: Uint8Array | undefined;
  /** The line's length in bytes (also when it was not kept). */
  length: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines at `\n` (a `\r` before it is dropped) without ever holding more than
 * `maxBytes` of one line: the bytes of a longer line are counted and let go, so a file with a gigabyte on one
 * line costs no more memory than a short one. Push chunks in order, then call {@link LineSplitter.end}.
 *
 * @example
 * ```ts
 * const splitter = new LineSplitter(1024);
 * splitter.push(new TextEncoder().encode("a\nb")); // [{ line: 1, ... }]
 * splitter.end(); // [{ line: 2, ... }]
 * ```
 */
export class LineSplitter {
  private parts: Uint8Array[] = [];
  private kept = 0;
  private length = 0;
  private line = 0;
  private overflow = false;

  /** Lines longer than `maxBytes` bytes are returned without their bytes. */
  constructor(private readonly maxBytes: number) {}

  /** Takes the next chunk; returns the lines it completes. */
  push(chunk: Uint8Array): RawLine[] {
    const out: RawLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      this.add(chunk.subarray(start, nl));
      out.push(this.take());
      start = nl + 1;
    }
    if (start < chunk.length) this.add(chunk.subarray(start));
    return out;
  }

  /** Ends the stream; returns the last line when the stream does not end with a line break. */
  end(): RawLine[] {
    return this.length > 0 ? [this.take()] : [];
  }

  private add(piece: Uint8Array): void {
    this.length += piece.length;
    if (this.overflow) return;
    // One byte of slack for a `\r` that is dropped when the line ends.
    if (this.kept + piece.length > this.maxBytes + 1) {
      this.overflow = true;
      this.parts = [];
      this.kept = 0;
      return;
    }
    if (piece.length > 0) {
      this.parts.push(piece);
      this.kept += piece.length;
    }
  }

  private take(): RawLine {
    this.line++;
    let length = this.length;
    let bytes: Uint8Array | undefined;
    if (!this.overflow) {
      bytes = this.parts.length === 1 ? (this.parts[0] as Uint8Array) : concat(this.parts, this.kept);
      if (bytes.length > 0 && bytes[bytes.length - 1] === CR) {
        bytes = bytes.subarray(0, bytes.length - 1);
        length--;
      }
      if (bytes.length > this.maxBytes) bytes = undefined;
    }
    const out: RawLine = { line: this.line, bytes, length };
    this.parts = [];
    this.kept = 0;
    this.length = 0;
    this.overflow = false;
    return out;
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
