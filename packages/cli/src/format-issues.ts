import type { Issue } from "@cityindex/core";
import type { Palette } from "./io.js";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Widest path column before paths stop being padded, so one long path does not push every message away. */
const MAX_PATH_WIDTH = 48;

/**
 * Formats issues one per line, aligned in columns: severity, path, message, `[source]`.
 *
 * ```text
 * error    /pipeline/2/options/range  must NOT have fewer than 2 items  [spec]
 * warning  data/Lhasa/flights/2024    missing value                     [data]
 * ```
 */
export function formatIssues(issues: readonly Issue[], palette: Palette): string {
  const pathOf = (i: Issue) => (i.path === "" ? "/" : i.path);
  const pathWidth = Math.min(MAX_PATH_WIDTH, Math.max(0, ...issues.map((i) => pathOf(i).length)));
  return issues
    .map((i) => {
      const severity = i.severity.padEnd(7);
      const coloured =
        i.severity === "error"
          ? palette.red(severity)
          : i.severity === "warning"
            ? palette.yellow(severity)
            : palette.blue(severity);
      const path = pathOf(i).padEnd(pathWidth);
      return `${coloured}  ${path}  ${i.message}  ${palette.dim(`[${i.source}]`)}\n`;
    })
    .join("");
}

/** Issues sorted errors first, then warnings, then notes; the order within a severity is kept. */
export function bySeverity(issues: readonly Issue[]): Issue[] {
  return issues
    .map((issue, n) => ({ issue, n }))
    .sort((a, b) => SEVERITY_ORDER[a.issue.severity] - SEVERITY_ORDER[b.issue.severity] || a.n - b.n)
    .map((x) => x.issue);
}

/** Counts by severity: `2 errors, 1 warning`; `no problems` when empty. */
export function countIssues(issues: readonly Issue[]): string {
  const n = (s: Issue["severity"]) => issues.filter((i) => i.severity === s).length;
  const parts: string[] = [];
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  if (n("error") > 0) parts.push(plural(n("error"), "error"));
  if (n("warning") > 0) parts.push(plural(n("warning"), "warning"));
  if (n("info") > 0) parts.push(plural(n("info"), "note"));
  return parts.length > 0 ? parts.join(", ") : "no problems";
}

/** True when any issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

const issueKey = (i: Issue): string => `${i.severity}\u0000${i.code}\u0000${i.path}\u0000${i.message}`;

/** The issues of `found` that `known` does not already hold (same severity, code, path and message). */
export function withoutRepeats(found: readonly Issue[], known: readonly Issue[]): Issue[] {
  const seen = new Set(known.map(issueKey));
  return found.filter((i) => !seen.has(issueKey(i)));
}
