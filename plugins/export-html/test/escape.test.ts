import { describe, expect, it } from "vitest";
import { escapeHtml, scriptJson } from "../src/index.js";

describe("escapeHtml", () => {
  it("escapes the five HTML characters and drops control characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    expect(escapeHtml("a\u0000b\u0007c\td")).toBe("abc\td");
    expect(escapeHtml("成都 Chengdu")).toBe("成都 Chengdu");
  });
});

describe("scriptJson", () => {
  it("cannot close a script element or open a comment, and parses back", () => {
    const value = { a: "</script><script>alert(1)</script>", b: "<!-- x -->", c: "a\u2028b\u2029c & d" };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
