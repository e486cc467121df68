import type { Issue } from "./issues.js";

/**
 * Base class of every error thrown by cityindex. A thrown error is a caller's mistake (a bad argument, an
 * unknown method id); problems in a spec or in data are collected as {@link Issue}s instead.
 */
export class CityIndexError extends Error {
  override name = "CityIndexError";
  /** A stable, kebab-case code for programmatic handling. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A function was called with an argument it cannot accept. */
export class InputError extends CityIndexError {
  override name = "InputError";
}

/** A plugin is malformed, or two plugins register the same id. */
export class PluginError extends CityIndexError {
  override name = "PluginError";
}

/**
 * A spec or a data set has problems of `error` severity, so the run cannot go on. Every problem is in
 * {@link ValidationError.issues}, not only the first.
 */
export class ValidationError extends CityIndexError {
  override name = "ValidationError";
  /** Every issue found, warnings included. */
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[]) {
    super("validation-failed", message);
    this.issues = issues;
  }
}
