import { describe, expect, it } from "vitest";
import { sharesMemory, VectorMemory, VectorPool, VectorRanges } from "../../src/pipeline/vector-memory.js";
import { defaultWarmer, type MemoryWarmer, warmVectors } from "../../src/pipeline/warm-memory.js";

describe("VectorMemory", () => {
  it("makes fresh zero vectors, each in memory of its own", () => {
    const memory = new VectorMemory();
    const vs = [0, 1, 2].map(() => memory.take(5));
    for (const v of vs) expect([...v]).toEqual([0, 0, 0, 0, 0]);
    expect(sharesMemory(vs[0]!, vs[1]!) || sharesMemory(vs[1]!, vs[2]!)).toBe(false);
    expect(vs.every((v) => memory.owns(v))).toBe(true);
  });

  it("reuses only the vectors it made, once each, before fresh memory", () => {
    const memory = new VectorMemory();
    const a = memory.take(4);
    const b = memory.take(4);
    memory.release(a);
    memory.release(a);
    memory.release(new Float64Array(4));
    memory.release(b.subarray(0, 4));
    expect(memory.owns(a)).toBe(false);
    expect(memory.take(4)).toBe(a);
    expect(memory.owns(a)).toBe(true);
    // The pool is empty again: the next vector is fresh, not a second a or a foreign vector.
    const c = memory.take(4);
    expect(c).not.toBe(a);
    expect(sharesMemory(c, a) || sharesMemory(c, b)).toBe(false);
  });
});

describe("VectorRanges and sharesMemory", () => {
  it("tell vectors apart by the bytes they cover, not by their buffer", () => {
    const block = new Float64Array(10);
    const left = block.subarray(0, 5);
    const right = block.subarray(5, 10);
    const middle = block.subarray(4, 6);
    expect(sharesMemory(left, right)).toBe(false);
    expect(sharesMemory(left, middle)).toBe(true);
    expect(sharesMemory(right, middle)).toBe(true);
    expect(sharesMemory(block.subarray(3, 3), left)).toBe(false);
    expect(sharesMemory(left, new Float64Array(5))).toBe(false);
    const ranges = new VectorRanges([left]);
    expect(ranges.overlaps(right)).toBe(false);
    expect(ranges.overlaps(middle)).toBe(true);
    expect(ranges.overlaps(block)).toBe(true);
    expect(ranges.overlaps(new Float64Array(10))).toBe(false);
    ranges.add(right);
    expect(ranges.overlaps(block.subarray(9, 10))).toBe(true);
  });
});

describe("VectorPool", () => {
  it("serves the vectors given back, by length, each once", () => {
    const pool = new VectorPool();
    const a = new Float64Array(3);
    pool.give(a);
    pool.give(a);
    expect(pool.available(3)).toBe(1);
    expect(pool.take(4)).toBeUndefined();
    expect(pool.take(3)).toBe(a);
    expect(pool.take(3)).toBeUndefined();
  });

  it("is shared by the memories of several builds, each owning only what it took", () => {
    const pool = new VectorPool();
    const first = new VectorMemory(pool);
    const second = new VectorMemory(pool);
    const v = first.take(8);
    expect(second.owns(v)).toBe(false);
    // The second build cannot hand back the first one's vector (say, a result column fed back in as data).
    second.release(v);
    expect(pool.available(8)).toBe(0);
    first.release(v);
    expect(second.take(8)).toBe(v);
    expect(second.owns(v)).toBe(true);
    expect(first.owns(v)).toBe(false);
  });
});

/** A warmer that does its whole job at once, and keeps the state of the block it was given. */
function eagerWarmer(seen: Int32Array[]): MemoryWarmer {
  return {
    warm(buffer, state, vectorBytes, count) {
      seen.push(state);
      warmVectors(buffer, state, vectorBytes, count);
    },
  };
}

describe("VectorMemory.reserve", () => {
  it("does nothing without a warmer, below the size threshold, or when the pool has the vectors", () => {
    const memory = new VectorMemory();
    memory.reserve(4, 10, 0);
    expect(memory.take(10).buffer).toBeInstanceOf(ArrayBuffer);
    const seen: Int32Array[] = [];
    const warmed = new VectorMemory(new VectorPool(), eagerWarmer(seen));
    warmed.reserve(4, 10);
    expect(seen).toEqual([]);
    const pooled = new VectorPool();
    for (let k = 0; k < 4; k++) pooled.give(new Float64Array(10));
    const covered = new VectorMemory(pooled, eagerWarmer(seen));
    covered.reserve(4, 10, 0);
    expect(seen).toEqual([]);
    expect(covered.take(10).buffer).toBeInstanceOf(ArrayBuffer);
  });

  it("hands out the vectors of one shared block in order once the warmer has written them", () => {
    const seen: Int32Array[] = [];
    const memory = new VectorMemory(new VectorPool(), eagerWarmer(seen));
    memory.reserve(5, 4, 0);
    // The warmer wrote every vector (4 down to 0) before the first take: none taken, 0 claimed and finished.
    expect(seen.map((state) => [...state])).toEqual([[0, 0, 0]]);
    const taken = [0, 1, 2, 3, 4].map(() => memory.take(4));
    const block = taken[0]!.buffer;
    expect(block).toBeInstanceOf(SharedArrayBuffer);
    expect(taken.map((v) => [v.buffer === block, v.byteOffset / 32])).toEqual([
      [true, 0],
      [true, 1],
      [true, 2],
      [true, 3],
      [true, 4],
    ]);
    for (const v of taken) expect([...v]).toEqual([0, 0, 0, 0]);
    // The block is used up: the next vector is fresh.
    const after = memory.take(4);
    expect(after.buffer).not.toBe(block);
    expect(taken.every((v) => memory.owns(v)) && memory.owns(after)).toBe(true);
  });

  it("skips a vector the warmer has claimed but not finished", () => {
    // A warmer caught between its claim on vector 2 and writing it, the build having taken vectors 0 and 1.
    let state: Int32Array | undefined;
    const memory = new VectorMemory(new VectorPool(), {
      warm(_buffer, s) {
        state = s;
      },
    });
    memory.reserve(4, 3, 0);
    const first = [memory.take(3), memory.take(3)];
    Atomics.store(state!, 2, 3); // vector 3 finished
    Atomics.store(state!, 1, 2); // vector 2 claimed
    const next = memory.take(3);
    expect(first.map((v) => v.byteOffset / 24)).toEqual([0, 1]);
    expect(next.byteOffset / 24).toBe(3);
    expect(memory.take(3).buffer).not.toBe(next.buffer);
  });

  it("stops the warmer at the vectors already handed out", () => {
    // A warmer that starts late: the build has taken three of five vectors by then.
    let start: (() => void) | undefined;
    const seen: Int32Array[] = [];
    const late: MemoryWarmer = {
      warm(buffer, state, vectorBytes, count) {
        start = () => eagerWarmer(seen).warm(buffer, state, vectorBytes, count);
      },
    };
    const memory = new VectorMemory(new VectorPool(), late);
    memory.reserve(5, 2, 0);
    const first = [0, 1, 2].map(() => memory.take(2));
    for (const [k, v] of first.entries()) v.fill(k + 1);
    start!();
    // It wrote vectors 4 and 3, claimed 2, saw it taken, and withdrew the claim.
    expect(seen.map((state) => [...state])).toEqual([[3, 3, 3]]);
    const rest = [0, 1].map(() => memory.take(2));
    expect(rest.map((v) => v.byteOffset / 16)).toEqual([3, 4]);
    expect(first.map((v) => [...v])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("has Node's warmer thread write a whole block when the build takes none of it", async () => {
    const warmer = defaultWarmer();
    expect(warmer).toBeDefined();
    const count = 8;
    const state = new Int32Array(new SharedArrayBuffer(12));
    state[1] = count;
    state[2] = count;
    warmer!.warm(new SharedArrayBuffer(count * 8192), state, 8192, count);
    for (let waited = 0; Atomics.load(state, 2) !== 0 && waited < 10_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Every vector claimed and finished, none taken.
    expect([...state]).toEqual([0, 0, 0]);
  });

  it("with Node's warmer thread, keeps every value the build writes while the thread runs", async () => {
    const warmer = defaultWarmer();
    expect(warmer).toBeDefined();
    const memory = new VectorMemory(new VectorPool(), warmer);
    const count = 64;
    const length = 32 * 1024; // 256 KiB a vector, 16 MiB in all
    memory.reserve(count, length, 0);
    const vectors: Float64Array[] = [];
    for (let k = 0; k < count; k++) {
      const v = memory.take(length);
      for (let i = 0; i < length; i++) v[i] = k + i / length;
      vectors.push(v);
      // Give the thread time to reach the vectors being filled.
      if (k % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let k = 0; k < count; k++) {
      const v = vectors[k]!;
      let same = true;
      for (let i = 0; i < length; i++) if (v[i] !== k + i / length) same = false;
      expect(same, `vector ${k}`).toBe(true);
    }
    const ranges = new VectorRanges();
    for (const v of vectors) {
      expect(ranges.overlaps(v)).toBe(false);
      ranges.add(v);
    }
  });
});
