import { type Spec, specLanguages, textIn, textsIn } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallSpec } from "../helpers/fixtures.js";

describe("spec labels", () => {
  it("specLanguages lists English first, then the others in order of first use", () => {
    const spec: Spec = smallSpec();
    spec.title = { zh: "小指数", en: "Small index" };
    spec.units[0]!.labels = { fr: "Alpha", en: "Alpha" };
    expect(specLanguages(spec)).toEqual(["en", "zh", "fr"]);
    expect(
      specLanguages({
        ...smallSpec(),
        title: "Plain",
        units: [],
        indicators: [],
        framework: { id: "index" },
      }),
    ).toEqual([]);
  });

  it("textIn and textsIn pick languages, fall back, and accept plain strings and missing texts", () => {
    const title = { en: "Index", zh: "指数" };
    expect(textIn(title, "zh")).toBe("指数");
    expect(textIn(title, undefined)).toBe("Index");
    expect(textIn("Plain", "zh")).toBe("Plain");
    expect(textIn(null, "en")).toBeUndefined();
    expect(textsIn(title, ["zh", "en"])).toEqual([
      { language: "zh", text: "指数" },
      { language: "en", text: "Index" },
    ]);
    expect(textsIn(title, ["fr"])).toEqual([
      { language: "en", text: "Index" },
      { language: "zh", text: "指数" },
    ]);
    expect(textsIn("Plain", ["en"])).toEqual([{ text: "Plain" }]);
    expect(textsIn(undefined, ["en"])).toEqual([]);
  });
});
