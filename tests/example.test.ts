import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const example = join(root, "examples", "china-city-overseas-influence");
const cli = join(root, "packages", "cli", "dist", "cli.js");

describe("the China City Overseas Influence example", () => {
  it("has the data its seeded generator makes, byte for byte", () => {
    const out = mkdtempSync(join(tmpdir(), "ccoi-gen-"));
    execFileSync(process.execPath, [join(example, "scripts", "generate-data.mjs"), out]);
    expect(readFileSync(join(out, "spec.json"), "utf8")).toBe(
      readFileSync(join(example, "spec.json"), "utf8"),
    );
    expect(readFileSync(join(out, "data", "indicators.csv"), "utf8")).toBe(
      readFileSync(join(example, "data", "indicators.csv"), "utf8"),
    );
  });

  it("builds with the CLI: every city, year and node, marked illustrative", () => {
    const out = mkdtempSync(join(tmpdir(), "ccoi-build-"));
    execFileSync(process.execPath, [cli, "build", join(example, "spec.json"), "--out", out], {
      stdio: "pipe",
    });
    const spec = JSON.parse(readFileSync(join(example, "spec.json"), "utf8"));
    const csv = readFileSync(join(out, "results.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("unit,period,node,level,score,rank");
    const framework = spec.framework as { children: { children: unknown[] }[] };
    const nodes =
      1 + framework.children.length + framework.children.reduce((s, d) => s + d.children.length, 0);
    expect(spec.units).toHaveLength(27);
    expect(nodes).toBe(1 + 6 + 25);
    expect(csv).toHaveLength(1 + spec.units.length * 3 * nodes);
    // the index has a score and a rank for every city in every year
    const index = csv.slice(1).filter((line) => line.split(",")[2] === "index");
    expect(index).toHaveLength(27 * 3);
    expect(index.every((line) => /^[a-z]+,20(23|24|25),index,3,\d+(\.\d+)?,\d+$/.test(line))).toBe(true);

    const result = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    expect(result.notice.en).toMatch(/^Illustrative data/);
    expect(readFileSync(join(out, "NOTICE.txt"), "utf8")).toMatch(/Illustrative data/);
    expect(result.periods).toEqual(["2023", "2024", "2025"]);
    // the data say so too: every observation of the CSV source is marked illustrative
    expect(result.provenance.sources).toEqual([
      expect.objectContaining({ source: "csv:indicators", observations: 2268, illustrative: 2268 }),
    ]);
    // nothing is silently lost: every spec unit and indicator is accounted for
    expect(result.accounting.units.map((u: { id: string }) => u.id).sort()).toEqual(
      spec.units.map((u: { id: string }) => u.id).sort(),
    );
    expect(result.accounting.indicators).toHaveLength(spec.indicators.length);
    // the three shares are derived by formula, and imputation filled the seeded gaps
    expect(result.audit.filter((a: { action: string }) => a.action === "derived")).toHaveLength(3 * 3);
    expect(result.audit.some((a: { action: string }) => a.action === "imputed")).toBe(true);
    // three years: the 2025 edition against 2024 and 2023 (its `tracking`), for the index and every dimension
    const changes = readFileSync(join(out, "changes.csv"), "utf8").trimEnd().split("\n");
    expect(changes[0]).toBe(
      "node,unit,period_from,period_to,score_from,score_to,score_change,rank_from,rank_to,rank_change,status",
    );
    const block = (1 + 6) * 27;
    expect(changes).toHaveLength(1 + 2 * block);
    changes.slice(1).forEach((line, i) => {
      const [, , from, to, a, b, d, ra, rb, dr, status] = line.split(",");
      expect([from, to, status]).toEqual([i < block ? "2024" : "2023", "2025", "both"]);
      expect(Number(d)).toBeCloseTo(Number(b) - Number(a), 9);
      expect(Number(dr)).toBe(Number(ra) - Number(rb));
    });
    // each change split among the children: the contributions of each node, city and period add up to the
    // change in changes.csv
    const parts = readFileSync(join(out, "contributions.csv"), "utf8").trimEnd().split("\n");
    expect(parts[0]).toBe(
      "node,unit,period_from,period_to,change,child,weight,child_from,child_to,contribution,rule,note",
    );
    const sums = new Map<string, number>();
    for (const line of parts.slice(1)) {
      const [node, unit, from, , , , , , , contribution, rule] = line.split(",");
      expect(rule).toBe("weighted-terms");
      const key = `${node},${unit},${from}`;
      sums.set(key, (sums.get(key) ?? 0) + Number(contribution));
    }
    expect(sums.size).toBe(2 * block);
    for (const line of changes.slice(1)) {
      const [node, unit, from, , , , d] = line.split(",");
      expect(sums.get(`${node},${unit},${from}`)).toBeCloseTo(Number(d), 9);
    }
    // trends over 2023–2025, per year: the change equals changes.csv's 2023 → 2025 change, and the slope of three
    // equally spaced years is half of it
    const trends = readFileSync(join(out, "trends.csv"), "utf8").trimEnd().split("\n");
    expect(trends[0]).toBe(
      "node,unit,period_from,period_to,first,last,values,change,slope,cagr,time_unit,note",
    );
    expect(trends).toHaveLength(1 + block);
    trends.slice(1).forEach((line, i) => {
      const [node, unit, from, to, first, last, values, change, slope, , timeUnit] = line.split(",");
      expect([from, to, first, last, values, timeUnit]).toEqual([
        "2023",
        "2025",
        "2023",
        "2025",
        "3",
        "year",
      ]);
      const [cNode, cUnit, , , , , d] = changes[1 + block + i]!.split(",");
      expect([node, unit]).toEqual([cNode, cUnit]);
      expect(Number(change)).toBeCloseTo(Number(d), 9);
      expect(Number(slope)).toBeCloseTo(Number(change) / 2, 9);
    });
    // the goalposts are taken over the three years: the audit says so for every normalised indicator
    const normalised = result.audit.filter((a: { action: string }) => a.action === "normalised");
    expect(normalised.length).toBeGreaterThan(0);
    expect(normalised.every((a: { details: { bounds: string } }) => a.details.bounds === "all-periods")).toBe(
      true,
    );
  });

  it("runs its uncertainty plan with the build: rank intervals in results.json and the tables", () => {
    const out = mkdtempSync(join(tmpdir(), "ccoi-plan-"));
    execFileSync(
      process.execPath,
      [cli, "build", join(example, "spec.json"), "--plan", join(example, "plan.json"), "--out", out],
      { stdio: "pipe" },
    );
    const result = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const u = result.uncertainty;
    expect(u.type).toBe("uncertainty");
    expect(u.overview.runs + u.overview.failed).toBe(2000);
    expect(u.statistics).toHaveLength(27);
    expect(u.provenance.period).toBe("2025");
    for (const s of u.statistics) {
      expect(s.low).toBeLessThanOrEqual(s.median);
      expect(s.median).toBeLessThanOrEqual(s.high);
      expect(s.best).toBeGreaterThanOrEqual(1);
      expect(s.worst).toBeLessThanOrEqual(27);
    }
    const table = readFileSync(join(out, "sensitivity", "rank-statistics.csv"), "utf8")
      .trimEnd()
      .split("\n");
    expect(table).toHaveLength(1 + 27);
    expect(table[0]).toMatch(/^unit,nominal_score,nominal_rank,mean_rank,median_rank,p5_rank,p95_rank,/);
  });
});
