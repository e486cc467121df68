import { it } from "vitest";
import { formula } from "../../src/derive/formula.js";
import type { DeriveContext } from "../../src/methods.js";
import type { FrameworkModel, IndicatorModel } from "../../src/model/framework.js";
it("bench", async () => {
  const n = 1000000;
  const ind = (id: string, f?: string): IndicatorModel => ({ id, labels: {}, direction: 1, formula: f, inFramework: true, specIndex: 0 });
  const cols = new Map(["a", "b", "c"].map((id) => [id, Float64Array.from({ length: n }, () => Math.random() * 10)]));
  for (const f of ["(a + 2 * b) / c", "(a + 2 * b) / c > 1 ? log(a + 1) * sqrt(b) : max(a, b, c) % 3", "max(a, b, c)", "a % 3", "a > b"]) {
  const targets = [ind("t", f)];
  const prepared = await formula.prepare!(targets, {});
  const ctx = { period: "p", units: Array.from({ length: n }, (_, i) => `u${i}`), framework: { indicators: new Map([...cols.keys()].map((k) => [k, ind(k)])) } as unknown as FrameworkModel, targets, report() {}, audit() {}, column: (id: string) => cols.get(id)! } as DeriveContext;
  for (let r = 0; r < 3; r++) { const t0 = performance.now(); formula.derive({}, ctx, prepared); if (r === 2) console.log(f, "ns/cell", ((performance.now() - t0) * 1e6 / n).toFixed(0)); }
  }
});
