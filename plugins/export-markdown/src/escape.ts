/** Control characters other than tab and line ends, which have no place in a Markdown text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Characters that mean something inline in CommonMark or GitHub Flavored Markdown: emphasis (`*`, `_`, `~`),
 * code (`` ` ``), links and images (`[`, `]`), raw HTML and autolinks (`<`, `>`), entities (`&`), table cells
 * (`|`), headings' closing sequence (`#`), e-mail autolinks (`@`) and the escape itself (`\`).
 */
const INLINE = /[\\`*_~[\]<>&|#@]/g;

/**
 * A text of the data (a unit's name, a label, a message) as Markdown that shows the text as it is and nothing
 * else: every character that could start emphasis, code, a link, an image, raw HTML, an entity or a table
 * cell is escaped with a backslash; `://` and `www.` are broken with an escape so GitHub's extended autolinks
 * do not turn a bare address into a link; a leading list marker (`- `, `+ `, `1. `) or rule (`---`, `===`) is escaped so the text cannot
 * start a list, a rule or a heading underline; line ends and tabs become spaces, so the text stays on its line (and
 * in its table cell), and other control characters are removed.
 *
 * @example
 * escapeMarkdown("| x | <img src=x> [a](http://x) *b*")
 * // "\\| x \\| \\<img src=x\\> \\[a\\](http\\://x) \\*b\\*"
 */
export function escapeMarkdown(text: string): string {
  let out = text
    .replace(CONTROL, "")
    .replace(/[\r\n\t]+/g, " ")
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/\b(www)\./gi, "$1\\.");
  out = out.replace(/^(\s*)([-+=](?=[-=\s]|$)|\d{1,9}(?=[.)](\s|$)))/, (_m, space: string, lead: string) =>
    /\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
  );
  return out.replace(/^\s+/, "");
}

/**
 * A text as a Markdown code span: fenced with one more backtick than the longest run inside it, padded with a
 * space when it starts or ends with a backtick, on one line. In a table (`inTable`), `|` is written `\|`,
 * which GitHub Flavored Markdown reads as a pipe inside the cell, even in code.
 *
 * @example
 * codeSpan("min-max") // "`min-max`"
 * codeSpan("a`b") // "``a`b``"
 */
export function codeSpan(text: string, inTable = false): string {
  let body = text.replace(CONTROL, "").replace(/[\r\n\t]+/g, " ");
  if (inTable) body = body.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body === "" ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Alignment of a table column: text left, numbers right. */
export type Align = "left" | "right";

/**
 * A GitHub Flavored Markdown table. Cells are written as given: escape data text with
 * {@link escapeMarkdown} first. An empty cell is written as one space.
 *
 * @example
 * markdownTable(["Rank", "Unit"], [["1", "Chengdu"]], ["right", "left"])
 * // "| Rank | Unit |\n| ---: | --- |\n| 1 | Chengdu |\n"
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |\n`;
  const rule = header.map((_, i) => (align[i] === "right" ? "---:" : "---"));
  return line(header) + line(rule) + rows.map(line).join("");
}
