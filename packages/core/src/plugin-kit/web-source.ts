// The checks a source that queries a web API once per unit makes before its first request.

import { InputError } from "../errors.js";
import { show } from "../issues.js";
import type { HttpClient, SourceContext } from "../plugin.js";
import type { UnitSpec } from "../spec/types.js";

/** What {@link startWebSource} hands a source that may go on. */
export interface WebSourceStart<O> {
  /** The options, checked and with their defaults. */
  options: O;
  /** The host's HTTP client. */
  http: HttpClient;
  /** The spec's units (at least one). */
  units: readonly UnitSpec[];
  /** `<kind> source <id>`, for messages. */
  where: string;
}

/**
 * Checks a per-unit web source's options with `resolve` (which throws an `InputError` naming the bad option),
 * then that the host gave an HTTP client and units. Each failure is reported as one error on the source
 * (`bad-option`, `no-http-client`, `no-units`) and gives `undefined`: the source then yields nothing.
 *
 * @example
 * const start = startWebSource("gdelt", options, ctx, resolveGdeltOptions);
 * if (!start) return;
 */
export function startWebSource<O>(
  kind: string,
  options: unknown,
  ctx: SourceContext,
  resolve: (options: unknown, where: string) => O,
): WebSourceStart<O> | undefined {
  const where = `${kind} source ${show(ctx.sourceId)}`;
  const fail = (code: string, message: string): undefined => {
    ctx.report({ severity: "error", code, path: ctx.sourceId, message });
    return undefined;
  };
  let resolved: O;
  try {
    resolved = resolve(options, where);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return fail("bad-option", error.message);
  }
  const http = ctx.http;
  if (!http) {
    return fail(
      "no-http-client",
      `${where} reads a web API, but the host gave it no HTTP client (\`ctx.http\`): run it where the network is allowed`,
    );
  }
  const units = ctx.units ?? [];
  if (units.length === 0) return fail("no-units", `${where} queries per unit, but the spec has no units`);
  return { options: resolved, http, units, where };
}
