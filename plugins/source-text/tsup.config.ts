import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { ignoreDeprecations: "6.0", paths: {} } },
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "node",
  // jieba is a native module with its dictionary next to it, and sentiment reads its word lists at run time:
  // both stay outside the bundle and are loaded from node_modules.
  external: ["@node-rs/jieba", "@node-rs/jieba/dict.js", "sentiment", "sentiment/languages/en/index.js"],
});
