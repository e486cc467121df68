// Test support shared by the source plugins' tests (plugins/source-*/test): a source context that records what
// a source reports, and compact views of observations and issues for exact comparison.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Issue, Observation, ProgressUpdate, SourceContext } from "@cityindex/core";
import { afterEach } from "vitest";

/** Directories made by {@link tempDir} and not yet removed. */
const made: string[] = [];

// Registered when a test file imports this module (while vitest collects the file), so it runs for every test
// of the file wherever tempDir is called.
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory (named after `prefix`), removed after the current test. */
export function tempDir(prefix = "cityindex-source-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A source context that records what the source reports. */
export interface RecordingContext extends SourceContext {
  issues: Omit<Issue, "source">[];
  updates: ProgressUpdate[];
  logs: string[];
  controller: AbortController;
}

/** Makes a {@link RecordingContext} for `baseDir`. */
export function recordingContext(baseDir: string, sourceId = "indicators"): RecordingContext {
  const controller = new AbortController();
  const issues: Omit<Issue, "source">[] = [];
  const updates: ProgressUpdate[] = [];
  const logs: string[] = [];
  return {
    sourceId,
    baseDir,
    logger: {
      debug: (m) => logs.push(`debug ${m}`),
      info: (m) => logs.push(`info ${m}`),
      warn: (m) => logs.push(`warn ${m}`),
    },
    progress: (u) => updates.push(u),
    report: (i) => issues.push(i),
    signal: controller.signal,
    issues,
    updates,
    logs,
    controller,
  };
}

/** Collects an async iterable. */
export async function collect(iterable: AsyncIterable<Observation>): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const o of iterable) out.push(o);
  return out;
}

/** `unit/indicator/period=value` lines: a compact view of observations for exact comparison. */
export function cells(observations: readonly Observation[]): string[] {
  return observations.map((o) => `${o.unit}/${o.indicator}/${o.period}=${o.value}`);
}

/** `severity code path: message` lines: a compact view of issues for exact comparison. */
export function problems(issues: readonly Omit<Issue, "source">[]): string[] {
  return issues.map((i) => `${i.severity} ${i.code} ${i.path}: ${i.message}`);
}
