import type { UnitSpec } from "@cityindex/core";
import { tempDir as sharedTempDir } from "../../../tests/support/source-testing.js";
import type { TextObservation } from "../src/index.js";

export {
  cells,
  collect,
  problems,
  type RecordingContext,
  recordingContext,
} from "../../../tests/support/source-testing.js";

/** A fresh temporary directory, removed after the current test. */
export function tempDir(): string {
  return sharedTempDir("source-text-");
}

/** The fixture's file URL. */
export const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url);

/** The units of the tests, with English and Chinese labels. */
export const UNITS: UnitSpec[] = [
  { id: "chengdu", labels: { en: "Chengdu", zh: "成都" } },
  { id: "chongqing", labels: { en: "Chongqing", zh: "重庆" } },
];

/** The value of one figure, or `undefined` when it is not among the observations. */
export function value(
  observations: readonly TextObservation[],
  unit: string,
  indicator: string,
  period: string,
): number | null | undefined {
  return observations.find((o) => o.unit === unit && o.indicator === indicator && o.period === period)?.value;
}

/** The sample standard deviation over √n: the standard error of an unweighted mean. */
export function standardError(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, x) => a + (x - m) ** 2, 0);
  return Math.sqrt(ss / (xs.length - 1)) / Math.sqrt(xs.length);
}
