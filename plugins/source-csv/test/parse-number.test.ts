import { describe, expect, it } from "vitest";
import { makeNumberParser } from "../src/parse-number.js";

const plain = makeNumberParser({ thousands: ",", decimal: ".", percent: "points" });

describe("makeNumberParser", () => {
  it("reads plain, signed, fractional and exponent forms", () => {
    expect(plain("42")).toBe(42);
    expect(plain("  -3.25 ")).toBe(-3.25);
    expect(plain("+7")).toBe(7);
    expect(plain(".5")).toBe(0.5);
    expect(plain("5.")).toBe(5);
    expect(plain("1e3")).toBe(1000);
    expect(plain("2.5E-2")).toBe(0.025);
    expect(plain("007")).toBe(7);
    expect(Object.is(plain("-0"), 0)).toBe(true);
  });

  it("reads thousands separators only when grouped by three", () => {
    expect(plain("1,234")).toBe(1234);
    expect(plain("1,234,567.89")).toBe(1234567.89);
    expect(plain("-12,345")).toBe(-12345);
    expect(plain("12,3.4")).toBeUndefined();
    expect(plain("1,23")).toBeUndefined();
    expect(plain("1,2345")).toBeUndefined();
    expect(plain(",123")).toBeUndefined();
    expect(plain("1.234,5")).toBeUndefined();
  });

  it("reads full-width digits, signs and percent as typed in Chinese Excel", () => {
    expect(plain("１２３")).toBe(123);
    expect(plain("－１２．５")).toBe(-12.5);
    expect(plain("＋１，２３４")).toBe(1234);
    expect(plain("１２．５％")).toBe(12.5);
    expect(plain("\u3000８\u3000")).toBe(8);
    expect(plain("\u22123")).toBe(-3);
  });

  it("reads a trailing percent as points or as an exact fraction", () => {
    const fraction = makeNumberParser({ thousands: ",", decimal: ".", percent: "fraction" });
    expect(plain("12.5%")).toBe(12.5);
    expect(plain("12.5 %")).toBe(12.5);
    expect(fraction("12.5%")).toBe(0.125);
    expect(fraction("12.3%")).toBe(0.123);
    expect(12.3 / 100).not.toBe(0.123);
    expect(fraction("7%")).toBe(0.07);
    expect(fraction("1,250%")).toBe(12.5);
    expect(fraction("12.5")).toBe(12.5);
  });

  it("reads decimal commas with space, dot and apostrophe separators", () => {
    const space = makeNumberParser({ thousands: " ", decimal: ",", percent: "points" });
    expect(space("1 234,5")).toBe(1234.5);
    expect(space("1\u00a0234\u00a0567,25")).toBe(1234567.25);
    expect(space("1\u202f234")).toBe(1234);
    expect(space("0,75")).toBe(0.75);
    expect(space("1.5")).toBeUndefined();
    const dot = makeNumberParser({ thousands: ".", decimal: ",", percent: "points" });
    expect(dot("1.234.567,8")).toBe(1234567.8);
    expect(dot("1.5")).toBeUndefined();
    const swiss = makeNumberParser({ thousands: "'", decimal: ".", percent: "points" });
    expect(swiss("1'234.5")).toBe(1234.5);
    expect(swiss("1\u2019234")).toBe(1234);
    const none = makeNumberParser({ thousands: "", decimal: ".", percent: "points" });
    expect(none("1234")).toBe(1234);
    expect(none("1,234")).toBeUndefined();
  });

  it("rejects everything else", () => {
    for (const bad of [
      "",
      " ",
      ".",
      "-",
      "+-1",
      "1..2",
      "1.2.3",
      "e5",
      "1e",
      "1e2.5",
      "0x10",
      "Infinity",
      "NaN",
    ]) {
      expect(plain(bad), bad).toBeUndefined();
    }
    for (const bad of ["$12", "12 kg", "(12)", "1 234", "%", "12%%", "1e400", "#N/A", "=1+1", "12-3"]) {
      expect(plain(bad), bad).toBeUndefined();
    }
  });
});
