import { canonicalJson, sha256 } from "@cityindex/core";
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
