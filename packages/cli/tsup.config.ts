import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The programmatic API: ESM + CJS with types.
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: { compilerOptions: { ignoreDeprecations: "6.0", paths: {} } },
    sourcemap: true,
    // Both configs build at once: leave the binary's files to the second.
    clean: ["!cli.js", "!cli.js.map"],
    target: "es2022",
    platform: "node",
    // `import.meta.url` (plugin resolution from the CLI's own location) in the CJS build.
    shims: true,
  },
  {
    // The `cityindex` binary: ESM only, with a shebang.
    entry: ["src/cli.ts"],
    format: ["esm"],
    sourcemap: true,
    clean: false, // overwritten in place
    target: "es2022",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
