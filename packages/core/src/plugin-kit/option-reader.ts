import { InputError } from "../errors.js";
import { show } from "../issues.js";
import { NODE_ID_PATTERN } from "../spec/schema.js";

/**
 * Reads a plugin's options one by one, each with its check and its default, and stops at the first bad one
 * with an `InputError` (code `bad-option`) whose message starts with `where` and names the option:
 * ``source `news` (gdelt): option `timeout` must be a whole number from 1 to 3600, got `0` ``.
 *
 * Made by {@link readOptions}, which checks that the options are an object with no unknown key. Every reader
 * returns the default (or `undefined` when none is given) for an option that is absent (`undefined`).
 *
 * @example
 * const o = readOptions(options, "source `news` (gdelt)", ["endpoint", "timeout", "shares"]);
 * const endpoint = o.url("endpoint", "https://api.gdeltproject.org/api/v2/doc/doc");
 * const timeout = o.wholeNumber("timeout", { min: 1, max: 3600 }, 180);
 * const shares = o.choice("shares", ["percent", "fraction"] as const, "percent");
 */
export class OptionReader {
  /** The options, as given. */
  readonly values: Readonly<Record<string, unknown>>;
  /** How messages start: the source or exporter and its id. */
  readonly where: string;

  constructor(values: Record<string, unknown>, where: string) {
    this.values = values;
    this.where = where;
  }

  /** Throws the `bad-option` error: `<where>: <message>`. */
  fail(message: string): never {
    throw new InputError("bad-option", `${this.where}: ${message}`);
  }

  /** Throws ``option `key` must be <what>, got <value>``. */
  mustBe(key: string, what: string, value: unknown = this.values[key]): never {
    return this.fail(`option \`${key}\` must be ${what}, got ${show(value)}`);
  }

  /** True when the option is given (not `undefined`). */
  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  /** A non-empty string, trimmed. */
  text(key: string): string | undefined;
  text(key: string, fallback: string): string;
  text(key: string, fallback?: string): string | undefined {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || v.trim() === "") this.mustBe(key, "a non-empty string");
    return (v as string).trim();
  }

  /** A non-empty string matching `pattern` (whole, trimmed); `what` says what it is, such as "a year such as `2024`". */
  matching(key: string, pattern: RegExp, what: string): string | undefined;
  matching(key: string, pattern: RegExp, what: string, fallback: string): string;
  matching(key: string, pattern: RegExp, what: string, fallback?: string): string | undefined {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !pattern.test(v.trim())) this.mustBe(key, what);
    return (v as string).trim();
  }

  /** An array of non-empty strings, each trimmed. */
  texts(key: string): string[] | undefined;
  texts(key: string, fallback: readonly string[]): string[];
  texts(key: string, fallback?: readonly string[]): string[] | undefined {
    const v = this.values[key];
    if (v === undefined) return fallback === undefined ? undefined : [...fallback];
    return this.textsAt(key, v);
  }

  /**
   * `value`, found at `path` inside the options (such as `terms.shanghai`), as an array of non-empty strings,
   * each trimmed.
   */
  textsAt(path: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.some((s) => typeof s !== "string" || s.trim() === "")) {
      this.mustBe(path, "an array of non-empty strings", value);
    }
    return (value as string[]).map((s) => s.trim());
  }

  /** An object (not an array, not `null`). */
  record(key: string): Record<string, unknown> | undefined {
    const v = this.values[key];
    if (v === undefined) return undefined;
    if (v === null || typeof v !== "object" || Array.isArray(v)) this.mustBe(key, "an object");
    return v as Record<string, unknown>;
  }

  /** One of `choices`. */
  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
      this.mustBe(key, `one of ${choices.map((c) => show(c)).join(", ")}`);
    }
    return v as T;
  }

  /** `true` or `false`. */
  boolean(key: string, fallback: boolean): boolean {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== "boolean") this.mustBe(key, "`true` or `false`");
    return v as boolean;
  }

  /** A whole number from `min` to `max` (both included; either may be left out). */
  wholeNumber(key: string, range: NumberRange): number | undefined;
  wholeNumber(key: string, range: NumberRange, fallback: number): number;
  wholeNumber(key: string, range: NumberRange, fallback?: number): number | undefined {
    return this.#numberIn(key, range, fallback, true);
  }

  /** A finite number from `min` to `max` (both included; either may be left out). */
  number(key: string, range: NumberRange): number | undefined;
  number(key: string, range: NumberRange, fallback: number): number;
  number(key: string, range: NumberRange, fallback?: number): number | undefined {
    return this.#numberIn(key, range, fallback, false);
  }

  #numberIn(
    key: string,
    range: NumberRange,
    fallback: number | undefined,
    whole: boolean,
  ): number | undefined {
    const v = this.values[key];
    if (v === undefined) return fallback;
    const ok = typeof v === "number" && (whole ? Number.isInteger(v) : Number.isFinite(v));
    if (!ok || !within(v as number, range)) {
      this.mustBe(key, `${whole ? "a whole number" : "a number"}${rangeText(range)}`);
    }
    return v as number;
  }

  /**
   * An `http` or `https` URL without a query string or fragment (a source adds its own parameters), as written,
   * trimmed.
   */
  url(key: string, fallback: string): string {
    const v = this.values[key];
    if (v === undefined) return fallback;
    let parsed: URL | undefined;
    try {
      parsed = typeof v === "string" ? new URL(v.trim()) : undefined;
    } catch {
      parsed = undefined;
    }
    if (
      !parsed ||
      (parsed.protocol !== "http:" && parsed.protocol !== "https:") ||
      parsed.search !== "" ||
      parsed.hash !== ""
    ) {
      this.mustBe(key, "an http or https URL without a query string");
    }
    return (v as string).trim();
  }

  /**
   * A map from fixed names to indicator ids, such as `{ "volume": "media_volume", "tone": null }`: each given
   * name must be one of `defaults`' and map to an indicator id (letters, digits and `_`, starting with a letter,
   * as the spec's ids) or `null` (not produced).
   * Names not given keep their default. Returns every name in `defaults`' order.
   */
  indicators(key: string, defaults: Readonly<Record<string, string | null>>): Record<string, string | null> {
    const given = this.record(key) ?? {};
    const out: Record<string, string | null> = { ...defaults };
    for (const [name, v] of Object.entries(given)) {
      if (!Object.hasOwn(defaults, name)) {
        this.fail(
          `option \`${key}\` has no entry ${show(name)}; the entries are ${Object.keys(defaults)
            .map((k) => show(k))
            .join(", ")}`,
        );
      }
      if (v !== null && (typeof v !== "string" || !INDICATOR_ID.test(v.trim()))) {
        this.mustBe(`${key}.${name}`, "an indicator id or null", v);
      }
      out[name] = v === null ? null : (v as string).trim();
    }
    return out;
  }
}

/**
 * Starts reading a plugin's options: `options` must be an object (`undefined` and `null` read as `{}`) whose
 * keys are all among `keys`, else an `InputError` (`bad-option`) names `where` and the problem.
 *
 * @example
 * const o = readOptions(options, where, Object.keys(schema.properties));
 */
export function readOptions(options: unknown, where: string, keys: readonly string[]): OptionReader {
  const values = options === undefined || options === null ? {} : options;
  if (typeof values !== "object" || Array.isArray(values)) {
    new OptionReader({}, where).fail(`options must be an object, got ${show(options)}`);
  }
  const reader = new OptionReader(values as Record<string, unknown>, where);
  for (const key of Object.keys(values)) {
    if (!keys.includes(key)) {
      reader.fail(`unknown option ${show(key)}; the options are ${keys.map((k) => show(k)).join(", ")}`);
    }
  }
  return reader;
}

/** Bounds of a number for {@link OptionReader.wholeNumber} and {@link OptionReader.number}, both included; either may be left out. */
export interface NumberRange {
  /** The lowest value allowed. */
  min?: number;
  /** The highest value allowed. */
  max?: number;
}

/** An indicator id, as the spec's schema has it. */
const INDICATOR_ID = new RegExp(NODE_ID_PATTERN);

function within(v: number, range: NumberRange): boolean {
  return (range.min === undefined || v >= range.min) && (range.max === undefined || v <= range.max);
}

function rangeText(range: NumberRange): string {
  if (range.min !== undefined && range.max !== undefined) return ` from ${range.min} to ${range.max}`;
  if (range.min !== undefined) return ` of at least ${range.min}`;
  if (range.max !== undefined) return ` of at most ${range.max}`;
  return "";
}
