const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Control characters that HTML text should not hold (tab, line feed and carriage return are kept). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * A text made safe for HTML (and SVG) text and for quoted attribute values: `&`, `<`, `>`, `"` and `'` become
 * character references and control characters are removed, so a unit named `<img src=x onerror=alert(1)>`
 * shows as text.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">') // "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(CONTROL, "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and the line separators U+2028 and
 * U+2029 are written as `\u` escapes, so no text in the data can close the element (`</script>`) or open a
 * comment (`<!--`). `JSON.parse` of the element's text gives the value back.
 *
 * @example
 * scriptJson({ name: "</script>" }) // '{"name":"\\u003c/script\\u003e"}'
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
