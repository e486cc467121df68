/**
 * The vectors a build's steps write through `ctx.output()`: fresh ones, and, under `keep: "final"`, the memory of
 * the columns the runner no longer needs, handed back with {@link VectorMemory.release} and reused before any
 * fresh memory (fresh memory costs a page fault per page the first time it is written).
 *
 * Vectors are told apart by the memory they cover (a buffer and a byte range; see {@link VectorRanges}), never
 * by their buffer alone: a method may return a view of a vector, and such a view must not be reused while the
 * vector it views is kept.
 */
export class VectorMemory {
  /** Vectors handed back, by length. */
  readonly #pool = new Map<number, Float64Array[]>();
  /** Vectors this memory made, so that only these are ever reused. */
  readonly #owned = new WeakSet<Float64Array>();
  /** Vectors in the pool now, so that none is pooled twice. */
  readonly #pooled = new WeakSet<Float64Array>();

  /** A vector of `length` doubles: one handed back, or a fresh one (zero). Contents of a reused one are unspecified. */
  take(length: number): Float64Array {
    const reused = this.#pool.get(length)?.pop();
    if (reused) {
      this.#pooled.delete(reused);
      return reused;
    }
    const v = new Float64Array(length);
    this.#owned.add(v);
    return v;
  }

  /** True if `v` is a vector this memory handed out (and has not taken back). */
  owns(v: Float64Array): boolean {
    return this.#owned.has(v) && !this.#pooled.has(v);
  }

  /** Takes back a vector this memory handed out, for reuse; anything else (a view, a method's own) is left. */
  release(v: Float64Array): void {
    if (!this.owns(v)) return;
    this.#pooled.add(v);
    const list = this.#pool.get(v.length);
    if (list) list.push(v);
    else this.#pool.set(v.length, [v]);
  }
}

/** A set of vectors, answering whether a vector shares memory with any of them. */
export class VectorRanges {
  readonly #byBuffer = new Map<ArrayBufferLike, number[]>();

  constructor(vectors: Iterable<Float64Array> = []) {
    for (const v of vectors) this.add(v);
  }

  add(v: Float64Array): void {
    const list = this.#byBuffer.get(v.buffer);
    if (list) list.push(v.byteOffset, v.byteOffset + v.byteLength);
    else this.#byBuffer.set(v.buffer, [v.byteOffset, v.byteOffset + v.byteLength]);
  }

  /** True if `v` shares at least one byte with a vector of the set. */
  overlaps(v: Float64Array): boolean {
    const list = this.#byBuffer.get(v.buffer);
    if (!list) return false;
    const start = v.byteOffset;
    const end = start + v.byteLength;
    for (let k = 0; k < list.length; k += 2) if (list[k]! < end && start < list[k + 1]!) return true;
    return false;
  }
}

/** True if two vectors share at least one byte. */
export function sharesMemory(a: Float64Array, b: Float64Array): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteLength > 0 &&
    b.byteLength > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}
