import { nelderMead, symmetricEigen } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../helpers/context.js";

describe("symmetricEigen", () => {
  it("matches R's eigen() up to the sign of each vector", () => {
    // R 4.2.2: m <- matrix(c(4, 1, 2, 1, 3, 0, 2, 0, 5), 3); e <- eigen(m, symmetric = TRUE)
    // sprintf("%.17g", e$values)  6.6690790882822881 3.4760236029181351 1.854897308799577
    // sprintf("%.17g", e$vectors) (column by column) -0.63117896877648327 -0.17202653679290814
    //   -0.75632002486599104 0.37436195478307038 0.78643569875137942 -0.4912962635115678
    //   0.67931306198633745 -0.59323331191738327 -0.43198148275855403
    const m = Float64Array.of(4, 1, 2, 1, 3, 0, 2, 0, 5);
    const { values, vectors } = symmetricEigen(m, 3);
    expectClose(values, [6.6690790882822881, 3.4760236029181351, 1.854897308799577], 1e-12);
    const r = [
      [-0.63117896877648327, -0.17202653679290814, -0.75632002486599104],
      [0.37436195478307038, 0.78643569875137942, -0.4912962635115678],
      [0.67931306198633745, -0.59323331191738327, -0.43198148275855403],
    ];
    for (let c = 0; c < 3; c++) {
      const ours = [0, 1, 2].map((i) => vectors[i * 3 + c]!);
      const sign = Math.sign(ours[0]!) === Math.sign(r[c]![0]!) ? 1 : -1;
      expectClose(
        ours.map((v) => v * sign),
        r[c]!,
        1e-12,
      );
    }
  });

  it("by hand: [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1)/√2 and (1, −1)/√2", () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expectClose(values, [3, 1], 1e-15);
    expectClose([vectors[0]!, vectors[2]!], [Math.SQRT1_2, Math.SQRT1_2], 1e-15);
    expect(Math.abs(vectors[1]!)).toBeCloseTo(Math.SQRT1_2, 15);
  });
});

describe("nelderMead", () => {
  it("matches R's optim(method = 'Nelder-Mead') on the Rosenbrock function", () => {
    // R 4.2.2: fr <- function(x) 100 * (x[2] - x[1]^2)^2 + (1 - x[1])^2
    // o <- optim(c(-1.2, 1), fr); sprintf("%.17g", c(o$par, o$value)); o$counts[1]
    // 1.0002601387256695 1.000505999303765 8.8252410967227472e-08; 195 evaluations, convergence 0
    const fr = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const o = nelderMead(fr, [-1.2, 1]);
    expectClose(o.x, [1.0002601387256695, 1.000505999303765], 1e-12);
    expect(Math.abs(o.value - 8.8252410967227472e-8)).toBeLessThan(1e-18);
    expect(o.evaluations).toBe(195);
    expect(o.convergence).toBe(0);
  });
});
