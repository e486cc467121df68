// Checks every published package with publint and @arethetypeswrong/cli (run after a build).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const roots = ["packages", "plugins"];
const dirs = roots.flatMap((root) =>
  existsSync(root)
    ? readdirSync(root)
        .map((d) => join(root, d))
        .filter((d) => existsSync(join(d, "package.json")))
    : [],
);
let failed = 0;
let checked = 0;
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (pkg.private) continue;
  for (const [tool, args] of [
    ["publint", [dir, "--strict"]],
    ["attw", ["--pack", dir, "--profile", "node16", "--format", "table-flipped"]],
  ]) {
    try {
      execFileSync(join("node_modules", ".bin", tool), args, { stdio: "pipe" });
      checked++;
    } catch (error) {
      failed++;
      console.error(`${tool} failed for ${pkg.name}:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
}
console.log(`package checks: ${checked} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
