import type { Issue } from "@cityindex/core";
import { describe, expect, it } from "vitest";
import { bySeverity, countIssues, formatIssues } from "../src/format-issues.js";
import { paletteFor } from "../src/io.js";

const issues: Issue[] = [
  { severity: "warning", code: "w", path: "data/a/x/2024", message: "odd value", source: "data" },
  {
    severity: "error",
    code: "e",
    path: "/pipeline/2/options/range",
    message: "must have 2 items",
    source: "spec",
  },
  { severity: "info", code: "i", path: "", message: "a note", source: "cli" },
];

describe("formatIssues", () => {
  it("aligns severity, path, message and source", () => {
    const plain = paletteFor({ write: () => true, isTTY: false }, {});
    expect(formatIssues(bySeverity(issues), plain)).toBe(
      [
        "error    /pipeline/2/options/range  must have 2 items  [spec]",
        "warning  data/a/x/2024              odd value  [data]",
        "info     /                          a note  [cli]",
        "",
      ].join("\n"),
    );
  });

  it("colours only a terminal without NO_COLOR", () => {
    const tty = { write: () => true, isTTY: true };
    expect(formatIssues(issues.slice(1, 2), paletteFor(tty, {}))).toContain("\u001b[31merror  \u001b[39m");
    expect(formatIssues(issues.slice(1, 2), paletteFor(tty, { NO_COLOR: "1" }))).not.toContain("\u001b[");
    expect(formatIssues(issues.slice(1, 2), paletteFor({ write: () => true }, {}))).not.toContain("\u001b[");
  });

  it("counts by severity", () => {
    expect(countIssues(issues)).toBe("1 error, 1 warning, 1 note");
    expect(countIssues([])).toBe("no problems");
  });
});
