import { distanceToReference } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";
import { normaliseAs } from "./run.js";

// COINr 1.1.14 n_dist2ref, written out in base R 4.2.2 (the function body of COINr's n_dist2ref):
//   n_dist2ref <- function(x, iref, cap_max = FALSE) { minx <- min(x, na.rm = TRUE); xref <- x[iref]
//     y <- 1 - (xref - x)/(xref - minx); if (cap_max) y[y > 1] <- 1; y }
//   x <- c(3, 1, 4, 1, 5)
//   n_dist2ref(x, 3)           # 0.6666667 0.0000000 1.0000000 0.0000000 1.3333333
//   n_dist2ref(x, 3, TRUE)     # 0.6666667 0.0000000 1.0000000 0.0000000 1.0000000
//   n_dist2ref(-x, 3)          # 2 4 1 4 0      (direction -1: Normalise() passes -x)
//   n_dist2ref(-x, 3, TRUE)    # 1 1 1 1 0
const x = [3, 1, 4, 1, 5];

describe("normalise distance-to-reference", () => {
  it("scores the distance to the reference unit", () => {
    const { y, collected } = normaliseAs(distanceToReference, x, { unit: "u3", cap: false });
    expectClose(y, [2 / 3, 0, 1, 0, 4 / 3], 1e-15);
    expect(collected.audit[0]?.details).toEqual({ unit: "u3", reference: 4, min: 1, cap: false });
    const capped = normaliseAs(distanceToReference, x, { unit: "u3", cap: true }).y;
    expectClose(capped, [2 / 3, 0, 1, 0, 1], 1e-15);
  });

  it("applies direction -1 to every value, the reference's included", () => {
    const dir = { direction: -1 as const };
    expectClose(normaliseAs(distanceToReference, x, { unit: "u3", cap: false }, dir).y, [2, 4, 1, 4, 0], 0);
    expectClose(normaliseAs(distanceToReference, x, { unit: "u3", cap: true }, dir).y, [1, 1, 1, 1, 0], 0);
  });

  it("keeps missing values missing", () => {
    const { y } = normaliseAs(distanceToReference, [3, NaN, 4, 1], { unit: "u3", cap: false });
    expectClose(y, [2 / 3, NaN, 1, 0], 1e-15);
  });

  it("reports an unknown reference unit", () => {
    const { y, collected } = normaliseAs(
      distanceToReference,
      x,
      { unit: "Lhasa", cap: false },
      {},
      "green_space",
    );
    expectClose(y, [NaN, NaN, NaN, NaN, NaN], 0);
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "unknown-unit",
        message:
          "distance-to-reference: the reference unit `Lhasa` is not among the units of `green_space` in `2024`",
      },
    ]);
  });

  it("reports a missing reference unit (a step written without options escapes the schema's `required`)", () => {
    const { collected } = normaliseAs(distanceToReference, x, { cap: false } as never, {}, "metro");
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "missing-reference",
        message:
          "distance-to-reference needs a reference unit for `metro`: give its id in the step's options (`unit`)",
      },
    ]);
  });

  it("reports a reference unit with a missing value", () => {
    const { collected } = normaliseAs(
      distanceToReference,
      [3, NaN, 4],
      { unit: "u2", cap: false },
      {},
      "metro",
    );
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "missing-reference",
        message:
          "distance-to-reference: the reference unit `u2` has no value of `metro` in `2024`; impute it first or choose another unit",
      },
    ]);
  });

  it("reports a reference at the lowest value", () => {
    const { collected } = normaliseAs(distanceToReference, x, { unit: "u2", cap: false }, {}, "metro");
    expect(collected.issues).toEqual([
      {
        severity: "error",
        code: "zero-range",
        message:
          "distance-to-reference: the reference unit `u2` has the lowest value of `metro` in `2024` (`1`), so there is no distance to scale by",
      },
    ]);
  });
});
