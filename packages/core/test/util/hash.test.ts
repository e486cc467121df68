import {
  buildIndex,
  canonicalJson,
  Dataset,
  hashDataset,
  hashDatasetAsync,
  type Spec,
  sha256,
  sha256Async,
  sha256Digest,
} from "@cityindex/core";
import { describe, expect, it } from "vitest";

describe("sha256", () => {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): "abc", the empty string, and the 448-bit message.
  it.each([
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
  ])("hashes %j", (input, expected) => {
    expect(sha256(input)).toBe(expected);
  });

  it("agrees with node:crypto on UTF-8 text of many lengths", async () => {
    const { createHash } = await import("node:crypto");
    for (let n = 0; n < 200; n += 7) {
      const text = "成都".repeat(n) + "x".repeat(n % 13);
      expect(sha256(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe(
      '{"a":[2,{"c":4,"d":3}],"b":1}',
    );
  });
});

describe("sha256Async and sha256Digest", () => {
  it("agree with sha256 on small and large inputs (JavaScript and Web Crypto)", async () => {
    for (const n of [0, 3, 4095, 4096, 100_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31) & 255);
      const hex = sha256(bytes);
      expect(await sha256Async(bytes)).toBe(hex);
      expect(Array.from(sha256Digest(bytes), (b) => b.toString(16).padStart(2, "0")).join("")).toBe(hex);
    }
  });
});

describe("hashDataset", () => {
  const data = (col: Float64Array) => new Dataset(["A", "B", "C"], ["2024"], new Map([["x", col]]));

  it("is the SHA-256 of the head and the digests of the columns", async () => {
    const col = Float64Array.of(1, Number.NaN, 3);
    const head = new TextEncoder().encode(JSON.stringify([["A", "B", "C"], ["2024"], ["x"]]));
    const bytes = new Uint8Array(head.length + 32);
    bytes.set(head);
    bytes.set(sha256Digest(new Uint8Array(col.buffer)), head.length);
    expect(hashDataset(data(col))).toBe(sha256(bytes));
    expect(await hashDatasetAsync(data(col))).toBe(sha256(bytes));
  });

  it("gives the same hash in JavaScript and with Web Crypto over many columns, small and large, in order", async () => {
    // Columns of 1 to 70,000 values (8 B to 560 kB): some hashed in JavaScript, the rest by Web Crypto, more of
    // them in flight than the minimum; the digests must still be combined in column order.
    const n = 70_000;
    const units = Array.from({ length: n }, (_, i) => `u${i}`);
    const columns = new Map<string, Float64Array>();
    for (let j = 0; j < 40; j++) {
      columns.set(
        `c${j}`,
        Float64Array.from({ length: n }, (_, i) => (i % (j + 7) === 0 ? Number.NaN : i * (j + 1))),
      );
    }
    const big = new Dataset(units, ["2024"], columns);
    expect(await hashDatasetAsync(big)).toBe(hashDataset(big));
    const empty = new Dataset(units, ["2024"]);
    expect(await hashDatasetAsync(empty)).toBe(hashDataset(empty));
    const tiny = new Dataset(["A"], ["2024"], new Map([["x", Float64Array.of(2)]]));
    expect(await hashDatasetAsync(tiny)).toBe(hashDataset(tiny));
  });

  it("writes every NaN the same way, and tells values apart", async () => {
    const odd = Float64Array.of(1, 0, 3);
    new DataView(odd.buffer).setUint32(12, 0xfff80001, true); // a NaN with the sign bit and a payload
    expect(Number.isNaN(odd[1]!)).toBe(true);
    const plain = Float64Array.of(1, Number.NaN, 3);
    expect(hashDataset(data(odd))).toBe(hashDataset(data(plain)));
    expect(await hashDatasetAsync(data(odd))).toBe(hashDataset(data(plain)));
    expect(hashDataset(data(Float64Array.of(1, 2, 3)))).not.toBe(hashDataset(data(plain)));
  });

  it("hashes a data table's odd NaNs as canonical ones, however often the table is built", async () => {
    // readTable checks the NaNs' bits as it reads a column, so that the hash need not read it again: a column
    // once found canonical, then given an odd NaN, must be checked afresh.
    const spec: Spec = {
      id: "nan",
      title: "NaN",
      units: [{ id: "A" }, { id: "B" }, { id: "C" }],
      indicators: [{ id: "x" }, { id: "y" }],
      framework: { id: "index", children: [{ id: "x" }, { id: "y" }] },
      pipeline: [
        { step: "normalise", method: "min-max" },
        { step: "aggregate", method: "arithmetic" },
      ],
    };
    const table = (x: Float64Array) => ({
      units: ["A", "B", "C"],
      periods: ["2024"],
      columns: new Map([
        ["x", x],
        ["y", Float64Array.of(4, 5, 6)],
      ]),
    });
    const hashOf = async (x: Float64Array) => {
      const { result, issues } = await buildIndex(spec, table(x));
      if (!result) throw new Error(issues.map((i) => `${i.code} ${i.path}: ${i.message}`).join("\n"));
      return result.provenance.dataHash;
    };
    const plain = Float64Array.of(1, Number.NaN, 3);
    const expected = await hashOf(plain);
    const odd = Float64Array.of(1, 0, 3);
    new DataView(odd.buffer).setUint32(12, 0xfff80001, true);
    expect(await hashOf(odd)).toBe(expected);
    new DataView(plain.buffer).setUint32(12, 0xfff80001, true);
    expect(Number.isNaN(plain[1]!)).toBe(true);
    expect(await hashOf(plain)).toBe(expected);
    // And the same as the dataset's hash computed directly.
    const direct = new Dataset(["A", "B", "C"], ["2024"], table(Float64Array.of(1, Number.NaN, 3)).columns);
    expect(hashDataset(direct)).toBe(expected);
  });
});
