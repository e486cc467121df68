/** What a secret is replaced with in messages, logs and cached text. */
export const REDACTED = "[redacted]";

/**
 * `text` with every occurrence of each secret (as written, and percent-encoded as it appears in a URL) replaced
 * by {@link REDACTED}. Empty secrets are ignored.
 *
 * @example
 * redact("GET /works?api_key=abc123 failed", ["abc123"]) // "GET /works?api_key=[redacted] failed"
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  // Longest first, so a secret that contains another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form !== "") out = out.split(form).join(REDACTED);
  }
  return out;
}
