// The client
export type { HttpClientOptions, HttpEvent, NodeHttpClient } from "./client.js";
export { createHttpClient } from "./client.js";

// Errors
export type { HttpErrorDetails, HttpFailure } from "./errors.js";
export { HttpError, SecretNotSetError } from "./errors.js";

// Provenance
export type { ResponseProvenanceOptions } from "./provenance.js";
export { responseProvenance } from "./provenance.js";

// Hosts and rate limits
export type { HostLimit, ResolvedHostLimit } from "./hosts.js";
export { DEFAULT_HOST_LIMIT, DEFAULT_HOST_LIMITS, hostLimitFor } from "./hosts.js";
export type { Sleep } from "./limiter.js";

// Retries
export { backoffDelay, parseRetryAfter } from "./backoff.js";

// Cache
export type { CacheEntry, CacheKeyParts, CacheMode } from "./cache.js";
export { CACHE_FORMAT, cacheKey, contentHash, ResponseCache } from "./cache.js";

// Headers and secrets
export { PROJECT_URL, userAgent } from "./user-agent.js";
export { REDACTED, redact } from "./redact.js";

// Package
export { HTTP_PACKAGE, HTTP_VERSION } from "./version.js";
