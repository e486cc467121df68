import { buildIndex, InputError, resultFromJSON, resultsCsv, resultToJSON } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { smallData, smallSpec } from "../helpers/fixtures.js";

describe("resultFromJSON", () => {
  it("reads back what resultToJSON wrote: the same JSON and the same results.csv", async () => {
    const { result } = await buildIndex(smallSpec(), [...smallData("2023"), ...smallData("2024")]);
    const text = JSON.stringify(resultToJSON(result!));
    const again = resultFromJSON(JSON.parse(text));
    expect(JSON.stringify(resultToJSON(again))).toBe(text);
    expect(resultsCsv(again)).toBe(resultsCsv(result!));
    expect(again.scores.get("index", again.units.indexOf("B"), 1)).toBe(81.25);
  });

  it("refuses what is not a result, saying what is missing", () => {
    expect(() => resultFromJSON({ hello: 1 })).toThrow(InputError);
    expect(() => resultFromJSON([])).toThrow(/resultFromJSON: /);
  });
});
