import { CityIndexError } from "@cityindex/core";

/** Why a request failed: a status that is not an answer, a network error, or a timeout. */
export type HttpFailure = "status" | "network" | "timeout";

/** What {@link HttpError} is made from. */
export interface HttpErrorDetails {
  /** `GET` or `POST`. */
  method: string;
  /** The URL, without secrets. */
  url: string;
  /** What went wrong on the last attempt. */
  failure: HttpFailure;
  /** The last status received, if any. */
  status?: number;
  /** Attempts made. */
  attempts: number;
  /** The start of the last response's body, secrets redacted. */
  excerpt?: string;
  /** What the network layer said, secrets redacted. */
  detail?: string;
}

/**
 * A request that still failed after its retries, or failed in a way that is not retried (a 4xx status that the
 * request does not accept). The message names the method, the URL (never a secret), the status, the number of
 * attempts and the start of the body: ``GET https://api.example.org/v1/x failed: HTTP 503 after 4 attempts:
 * `busy` ``.
 */
export class HttpError extends CityIndexError {
  override name = "HttpError";
  /** `GET` or `POST`. */
  readonly method: string;
  /** The URL, without secrets. */
  readonly url: string;
  /** What went wrong on the last attempt. */
  readonly failure: HttpFailure;
  /** The last status received, if any. */
  readonly status: number | undefined;
  /** Attempts made. */
  readonly attempts: number;
  /** The start of the last response's body, secrets redacted. */
  readonly excerpt: string | undefined;

  constructor(details: HttpErrorDetails) {
    super(`http-${details.failure}`, httpErrorMessage(details));
    this.method = details.method;
    this.url = details.url;
    this.failure = details.failure;
    this.status = details.status;
    this.attempts = details.attempts;
    this.excerpt = details.excerpt;
  }
}

function httpErrorMessage(d: HttpErrorDetails): string {
  const what =
    d.failure === "status"
      ? `HTTP ${d.status}`
      : d.failure === "timeout"
        ? `timed out${d.detail ? ` ${d.detail}` : ""}`
        : `network error${d.detail ? ` (${d.detail})` : ""}`;
  const tries = `after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`;
  const body = d.excerpt ? `: \`${d.excerpt}\`` : "";
  return `${d.method} ${d.url} failed: ${what} ${tries}${body}`;
}

/**
 * A request names a secret (in `secretHeaders` or `secretQuery`) whose environment variable is not set. The
 * message names the variable, never a value.
 */
export class SecretNotSetError extends CityIndexError {
  override name = "SecretNotSetError";
  /** The environment variable that is missing. */
  readonly variable: string;

  constructor(variable: string, where: string, url: string) {
    super(
      "secret-not-set",
      `${where} of ${url} is read from the environment variable \`${variable}\`, which is not set: set it (for example \`export ${variable}=...\`) and run again`,
    );
    this.variable = variable;
  }
}
