import { type MemoryWarmer, WARM_MIN_BYTES } from "./warm-memory.js";

/**
 * Vectors free for reuse, by length: the memory of results handed back with `PreparedIndex.release`, and of
 * columns a build no longer needs. One pool serves every build of a prepared index, so that building the same
 * index again and again (an uncertainty analysis, a benchmark) writes into memory it has already written
 * instead of fresh memory, which costs a page fault per page the first time it is written.
 */
export class VectorPool {
  readonly #free = new Map<number, Float64Array[]>();
  readonly #pooled = new WeakSet<Float64Array>();

  /** A vector of `length` doubles from the pool (contents unspecified), or `undefined` when it has none. */
  take(length: number): Float64Array | undefined {
    const v = this.#free.get(length)?.pop();
    if (v) this.#pooled.delete(v);
    return v;
  }

  /** Adds a vector to the pool; a vector already there is not added twice. */
  give(v: Float64Array): void {
    if (this.#pooled.has(v)) return;
    this.#pooled.add(v);
    const list = this.#free.get(v.length);
    if (list) list.push(v);
    else this.#free.set(v.length, [v]);
  }

  /** Number of vectors of `length` doubles in the pool. */
  available(length: number): number {
    return this.#free.get(length)?.length ?? 0;
  }
}

/**
 * The vectors one build writes through `ctx.output()`: from its index's {@link VectorPool} first, then from a
 * block reserved for a step's outputs (see {@link VectorMemory.reserve}), then fresh. It owns what it handed
 * out, and only that goes back to the pool: never the input data, a method's own vector or a view.
 *
 * Vectors are told apart by the memory they cover (a buffer and a byte range; see {@link VectorRanges}), never
 * by their buffer alone: a method may return a view of a vector, and such a view must not be reused while the
 * vector it views is kept.
 */
export class VectorMemory {
  /** Vectors this memory handed out and has not taken back. */
  readonly #owned = new WeakSet<Float64Array>();
  /** The block the next fresh vectors come from, if one is reserved. */
  #block: WarmBlock | undefined;

  constructor(
    readonly pool: VectorPool = new VectorPool(),
    readonly warmer?: MemoryWarmer,
  ) {}

  /** A vector of `length` doubles: a pooled one (contents unspecified), one of a reserved block, or fresh (zero). */
  take(length: number): Float64Array {
    const v = this.pool.take(length) ?? this.#block?.next(length) ?? new Float64Array(length);
    this.#owned.add(v);
    return v;
  }

  /** True if `v` is a vector this memory handed out (and has not taken back). */
  owns(v: Float64Array): boolean {
    return this.#owned.has(v);
  }

  /** Takes back a vector this memory handed out, into the pool; anything else (a view, a method's own) is left. */
  release(v: Float64Array): void {
    if (!this.#owned.has(v)) return;
    this.#owned.delete(v);
    this.pool.give(v);
  }

  /**
   * Announces that `count` vectors of `length` doubles will be taken next, one after the other. When the pool
   * cannot supply them, the fresh memory they need is at least {@link WARM_MIN_BYTES} and a warmer is at hand
   * (Node), they come from one shared block whose pages the warmer writes on another thread, from the block's
   * end backwards, while this thread fills the vectors from its start: the two threads take the page faults of
   * fresh memory in parallel. Values are never affected; without a warmer nothing changes. `minBytes` lowers
   * the threshold (tests).
   */
  reserve(count: number, length: number, minBytes = WARM_MIN_BYTES): void {
    this.#block = undefined;
    const fresh = count - this.pool.available(length);
    if (!this.warmer || fresh <= 0 || length === 0 || fresh * length * 8 < minBytes) return;
    if (typeof SharedArrayBuffer !== "function") return;
    this.#block = new WarmBlock(this.warmer, fresh, length);
  }
}

/**
 * `ctx.output` for a series of method calls: each call's vectors come from a {@link VectorMemory}, and
 * {@link Handout.settle} after the call hands back those it did not keep.
 */
export class Handout {
  readonly #handed: Float64Array[] = [];

  constructor(
    readonly memory: VectorMemory,
    readonly length: number,
  ) {}

  /** A vector of `length` values for the current call (contents unspecified). */
  readonly output = (): Float64Array => {
    const v = this.memory.take(this.length);
    this.#handed.push(v);
    return v;
  };

  /** Ends a call: the vectors it was handed that share no memory with `kept` go back to the memory. */
  settle(kept: Float64Array | undefined): void {
    for (const v of this.#handed) if (!kept || !sharesMemory(v, kept)) this.memory.release(v);
    this.#handed.length = 0;
  }
}

/**
 * A block of `count` vectors of `length` doubles in one `SharedArrayBuffer`, handed out from its start while a
 * {@link MemoryWarmer} writes its pages from its end. The two never write to the same vector. `state[0]`
 * counts the vectors handed out, `state[1]` is the lowest vector the warmer has claimed, `state[2]` the lowest
 * it has finished. Each side publishes its own counter, then reads the other's (sequentially consistent
 * atomics), so at least one of them sees a collision: the warmer then stops before writing (and withdraws its
 * claim), or the build skips the vector unless the warmer has finished it. Either way the vectors after it are
 * finished, and the build takes them without further checks.
 */
class WarmBlock {
  readonly #buffer: SharedArrayBuffer;
  readonly #state: Int32Array;
  readonly #length: number;
  readonly #count: number;
  #next = 0;
  /** Set once the warmer has been met: the vectors left are all written already. */
  #met = false;

  constructor(warmer: MemoryWarmer, count: number, length: number) {
    this.#buffer = new SharedArrayBuffer(count * length * 8);
    this.#state = new Int32Array(new SharedArrayBuffer(12));
    this.#state[1] = count;
    this.#state[2] = count;
    this.#length = length;
    this.#count = count;
    warmer.warm(this.#buffer, this.#state, length * 8, count);
  }

  /** The next vector of the block, `undefined` when the block is used up or of another length. */
  next(length: number): Float64Array | undefined {
    if (length !== this.#length) return undefined;
    let c = this.#next;
    if (!this.#met) {
      Atomics.store(this.#state, 0, c + 1);
      if (Atomics.load(this.#state, 1) <= c) {
        // The warmer has claimed this vector: unless it has finished it, it may be writing it, so it is skipped.
        this.#met = true;
        if (Atomics.load(this.#state, 2) > c) c++;
      }
    }
    if (c >= this.#count) return undefined;
    this.#next = c + 1;
    return new Float64Array(this.#buffer, c * length * 8, length);
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
