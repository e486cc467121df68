import { isAbsolute, posix, relative, resolve, sep } from "node:path";

/**
 * The absolute path of an exporter's file `path` inside `outDir`, or `undefined` when the path is absolute,
 * empty, has a drive letter, a backslash or a NUL, or climbs out of `outDir` with `..`. Exporters name files
 * relative to the output directory with `/`; a file can never be written outside it.
 */
export function outputPath(outDir: string, path: string): string | undefined {
  if (path === "" || path.includes("\0") || path.includes("\\") || /^[A-Za-z]:/.test(path)) return undefined;
  if (path.startsWith("/") || isAbsolute(path)) return undefined;
  const normal = posix.normalize(path);
  if (normal === "." || normal === ".." || normal.startsWith("../") || normal.endsWith("/")) return undefined;
  const full = resolve(outDir, ...normal.split("/"));
  const rel = relative(outDir, full);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) return undefined;
  return full;
}
