/** How bad an issue is. Only `error` stops a run. */
export type Severity = "error" | "warning" | "info";

/**
 * A problem found in a spec or in data. Issues are collected, never thrown one by one, so a person sees all
 * of them at once.
 */
export interface Issue {
  /** `error` stops the run; `warning` and `info` are reported and the run goes on. */
  severity: Severity;
  /** A stable, kebab-case code such as `unknown-indicator` or `zero-variance`. */
  code: string;
  /**
   * Where the problem is: a JSON pointer into the spec (`/pipeline/2/options/range`), or
   * `unit/indicator/period` into the data (`data/Lhasa/tourism_rating/2024`), or a file location from a source.
   */
  path: string;
  /** A sentence a person understands, naming the bad value in backticks. */
  message: string;
  /** What produced the issue: `spec`, `data`, a step (`pipeline/3 normalise:min-max`), or a plugin name. */
  source: string;
}

/** Collects issues and answers whether any of them stops the run. */
export class IssueList {
  readonly items: Issue[] = [];

  /** Adds one issue. */
  add(issue: Issue): void {
    this.items.push(issue);
  }

  /** Adds an `error`. */
  error(code: string, path: string, message: string, source: string): void {
    this.items.push({ severity: "error", code, path, message, source });
  }

  /** Adds a `warning`. */
  warn(code: string, path: string, message: string, source: string): void {
    this.items.push({ severity: "warning", code, path, message, source });
  }

  /** Adds an `info` note. */
  info(code: string, path: string, message: string, source: string): void {
    this.items.push({ severity: "info", code, path, message, source });
  }

  /** True when at least one issue has `error` severity. */
  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === "error");
  }
}

/** Escapes one segment of a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Builds a JSON pointer from segments: `pointer("pipeline", 2, "options")` is `/pipeline/2/options`. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => "/" + pointerSegment(s)).join("");
}

/** The data path of a cell: `data/<unit>/<indicator>/<period>`. */
export function dataPath(unit: string, indicator?: string, period?: string): string {
  return ["data", unit, indicator, period].filter((s) => s !== undefined).join("/");
}

/** Formats a value for a message: in backticks, shortened when long. */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number") text = Number.isNaN(value) ? "NaN" : String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  if (text.length > 80) text = text.slice(0, 77) + "...";
  return "`" + text + "`";
}
