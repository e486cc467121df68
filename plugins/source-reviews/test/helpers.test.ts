import { describe, expect, it } from "vitest";
import { isChineseLanguage, periodOfDate } from "../src/index.js";

describe("isChineseLanguage", () => {
  it("counts zh, its regional and script variants and the other Chinese languages", () => {
    const chinese = [
      "zh",
      "zh-CN",
      "zh-TW",
      "zh_HK",
      "zh-Hant-TW",
      "ZH",
      "yue",
      "cmn-Hans",
      "wuu",
      "nan",
      "Chinese",
      "中文",
    ];
    const other = ["en", "en-GB", "ja", "ko", "fr", "zu", "", "und"];
    expect(chinese.filter((t) => !isChineseLanguage(t))).toEqual([]);
    expect(other.filter((t) => isChineseLanguage(t))).toEqual([]);
  });
});

describe("periodOfDate", () => {
  it("reads dates written year first as years or months", () => {
    expect(periodOfDate("2024-05-31", "year")).toEqual({ period: "2024" });
    expect(periodOfDate("2024/5/3", "month")).toEqual({ period: "2024-05" });
    expect(periodOfDate("2024-05-31T23:30:00+08:00", "month")).toEqual({ period: "2024-05" });
    expect(periodOfDate("2024年5月", "month")).toEqual({ period: "2024-05" });
    expect(periodOfDate("２０２４-０５-０１", "month")).toEqual({ period: "2024-05" });
    expect(periodOfDate(2024, "year")).toEqual({ period: "2024" });
    expect(periodOfDate("2024", "month")).toEqual({
      reason: "it has no month, and periods are months (`periodType`)",
    });
    expect(periodOfDate("2023-02-29", "year")).toEqual({ reason: "day 29 does not exist in 2023-02" });
    expect(periodOfDate("31/05/2024", "year")).toEqual({
      reason: "it is not a date written year first (2024-05-31, 2024-05 or 2024)",
    });
  });
});
