// Writes the methods reference (docs/methods/) from the built-in method definitions: one page per method and
// an index. Run with `npm run docs:methods` after changing a method; a core test fails while the pages differ.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry, methodsReference } from "@cityindex/core";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "methods");
const pages = await methodsReference(createRegistry());
const wanted = new Set(pages.map((p) => join(out, p.path)));

// Only pages whose text changed are written, so a build of the site that runs while the methods reference test
// reads these files never shows it a half-written page.
let changed = 0;
for (const page of pages) {
  const file = join(out, page.path);
  if (existsSync(file) && readFileSync(file, "utf8") === page.content) continue;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, page.content);
  changed++;
}
// Pages of methods that no longer exist are removed.
for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  if (entry.isFile() && entry.name.endsWith(".md") && !wanted.has(file)) rmSync(file);
}
console.log(`${pages.length} pages in ${relative(process.cwd(), out) || "."}, ${changed} written`);
