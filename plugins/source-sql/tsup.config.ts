import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { ignoreDeprecations: "6.0", paths: {} } },
  sourcemap: true,
  clean: true,
  target: "es2022",
  platform: "node",
});
