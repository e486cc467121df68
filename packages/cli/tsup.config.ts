import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The programmatic API: ESM + CJS with types.
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: { compilerOptions: { ignoreDeprecations: "6.0", paths: {} } },
    sourcemap: true,
    // Every config builds at once: leave the binary's files and the worker's to the others.
    clean: ["!cli.js", "!cli.js.map", "!sensitivity-worker.js", "!sensitivity-worker.js.map"],
    target: "es2022",
    platform: "node",
    // `import.meta.url` (plugin resolution, the worker's module) in the CJS build.
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
  {
    // The module of the worker threads of `cityindex sensitivity --workers`, found next to whichever build
    // starts them: `new URL("./sensitivity-worker.js", import.meta.url)`. ESM, in one file.
    entry: ["src/sensitivity-worker.ts"],
    format: ["esm"],
    sourcemap: true,
    clean: false, // overwritten in place
    target: "es2022",
    platform: "node",
  },
]);
