import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { analyse, resultFromJSON, resultsCsv, resultToJSON } from "@cityindex/core";
import { renderMarkdown } from "@cityindex/export-markdown";
import { describe, expect, it } from "vitest";
import { commandContext } from "../src/context.js";
import { resolveIo } from "../src/io.js";
import { readAndBuild } from "../src/read-and-build.js";
import { run, tempDir } from "./helpers.js";

/** A starter project whose spec names the Markdown plugin (and optionally exports), built once. */
async function builtProject(exports: unknown[] = []): Promise<string> {
  const dir = await tempDir();
  expect((await run(dir, "init")).code).toBe(0);
  const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
  spec.plugins.push("@cityindex/export-markdown");
  spec.exports = exports;
  await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
  const built = await run(dir, "build", "index.json");
  expect(built.code, built.stderr).toBe(0);
  return dir;
}

/** The result `cityindex build` makes, in-process, with the audit it attaches. */
async function liveResult(dir: string) {
  const ctx = commandContext(
    resolveIo({ cwd: dir, env: {}, stdout: { write: () => {} }, stderr: { write: () => {} } }),
  );
  const { loaded, result } = await readAndBuild(ctx, "index.json", () => {}, true);
  if (!result) throw new Error("the project did not build");
  result.analysis = await analyse(result, { removeLevels: [], build: { registry: loaded.registry } });
  return result;
}

describe("cityindex report", () => {
  it("renders the markdown exporter from results.json as from the live result, without rebuilding", async () => {
    const dir = await builtProject();
    const r = await run(dir, "report", "output/results.json", "--exporter", "markdown");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("export markdown: 1 file");
    expect(r.stdout).toMatch(
      /^Reported .+ from output\/results\.json \(no rebuild; spec [0-9a-f]{12}\)\nWrote output\/report\.md\n$/,
    );
    const md = await readFile(join(dir, "output", "report.md"), "utf8");
    expect(md).toBe(renderMarkdown(await liveResult(dir)));
    expect(md).toContain("## Statistical audit");
  });

  it("runs the spec's exporters by default, giving the bytes build gave", async () => {
    const dir = await builtProject([{ exporter: "markdown", options: { top: 3, file: "docs/top.md" } }]);
    const fromBuild = await readFile(join(dir, "output", "docs", "top.md"), "utf8");
    await rm(join(dir, "output", "docs"), { recursive: true });
    const r = await run(dir, "report", "output/results.json", "--out", "again");
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(dir, "again", "docs", "top.md"), "utf8")).toBe(fromBuild);
    expect(fromBuild).toContain("(top 3 of 5)");
  });

  it("reconstructs a result that writes the same results.json and results.csv", async () => {
    const dir = await builtProject();
    const text = await readFile(join(dir, "output", "results.json"), "utf8");
    const result = resultFromJSON(JSON.parse(text));
    expect(`${JSON.stringify(resultToJSON(result), null, 2)}\n`).toBe(text);
    expect(resultsCsv(result)).toBe(await readFile(join(dir, "output", "results.csv"), "utf8"));
  });

  it("loads more plugins with --plugin: the csv and json exporters rewrite the build's files", async () => {
    const dir = await builtProject();
    const r = await run(
      dir,
      "report",
      "output/results.json",
      "--plugin",
      "@cityindex/export-tables",
      "-e",
      "csv",
      "-e",
      "json",
      "--out",
      "tables",
      "--json",
    );
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.exporters.map((e: { exporter: string; plugin: string }) => [e.exporter, e.plugin])).toEqual(
      [
        ["csv", "@cityindex/export-tables"],
        ["json", "@cityindex/export-tables"],
      ],
    );
    for (const name of ["results.csv", "results.json"]) {
      expect(await readFile(join(dir, "tables", name), "utf8")).toBe(
        await readFile(join(dir, "output", name), "utf8"),
      );
    }
  });

  it("takes plugins and exports from --spec, and warns when the rest of the spec changed", async () => {
    const dir = await builtProject();
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.exports = [{ exporter: "markdown", options: { file: "from-spec.md" } }];
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
    let r = await run(dir, "report", "output/results.json", "--spec", "index.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("spec-changed");
    await readFile(join(dir, "output", "from-spec.md"), "utf8");

    spec.title = "Renamed";
    await writeFile(join(dir, "index.json"), JSON.stringify(spec, null, 2));
    r = await run(dir, "report", "output/results.json", "--spec", "index.json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /warning +index\.json +`index\.json` differs from the spec the result was built with/,
    );
  });

  it("fails with exit 1 for a missing file, bad JSON, a JSON that is not a result, an unknown exporter", async () => {
    const dir = await builtProject();
    let r = await run(dir, "report", "output/nothing.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("result file `output/nothing.json` does not exist");

    await writeFile(join(dir, "broken.json"), '{"id": "x", ');
    r = await run(dir, "report", "broken.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/`broken\.json` is not valid JSON/);

    r = await run(dir, "report", "index.json", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.issues[0]).toMatchObject({ severity: "error", code: "not-a-result", path: "index.json" });
    expect(report.issues[0].message).toContain("is not a cityindex result: no `spec`");

    const json = JSON.parse(await readFile(join(dir, "output", "results.json"), "utf8"));
    json.scores.values.index[0] = [1];
    await writeFile(join(dir, "truncated.json"), JSON.stringify(json));
    r = await run(dir, "report", "truncated.json", "-e", "markdown");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("`scores.values.index[0]` must have one value per unit (5)");

    r = await run(dir, "report", "output/results.json", "--exporter", "pdf");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error +--exporter pdf +exporter `pdf` is not provided by any plugin loaded \(the exporters are markdown \(@cityindex\/export-markdown\)\)/,
    );

    r = await run(dir, "report", "output/results.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the spec names no exporters");
  });

  it("reports an exporter's bad option as exporter-failed", async () => {
    const dir = await builtProject();
    const spec = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    spec.exports = [{ exporter: "markdown", options: { period: "1999" } }];
    await writeFile(join(dir, "spec2.json"), JSON.stringify(spec, null, 2));
    const r = await run(dir, "report", "output/results.json", "--spec", "spec2.json", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.issues.map((i: { code: string }) => i.code)).toContain("exporter-failed");
  });

  it("exits 2 on usage errors and 0 with --help", async () => {
    const dir = await tempDir();
    expect((await run(dir, "report")).code).toBe(2);
    expect((await run(dir, "report", "x.json", "--colour")).code).toBe(2);
    expect((await run(dir, "report", "x.json", "--exporter")).code).toBe(2);
    const help = await run(dir, "report", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("run exporters on a results.json that build wrote");
    expect(help.stdout).toContain("--exporter <id>");
  });
});
