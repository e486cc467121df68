import { describe, expect, it } from "vitest";
import { sharesMemory, VectorMemory, VectorRanges } from "../../src/pipeline/vector-memory.js";

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
