// Running the command line
export { EXIT, runCli } from "./run-cli.js";
export type { CliIo, OutputStream, Palette } from "./io.js";
export { paletteFor } from "./io.js";

// Specs and plugins
export type { LoadedSpec } from "./load-spec.js";
export { loadSpec } from "./load-spec.js";
export type { LoadedPlugin, LoadedPlugins, LoadPluginsOptions } from "./load-plugins.js";
export { loadPlugins } from "./load-plugins.js";

// Output
export { formatIssues } from "./format-issues.js";
export { outputPath } from "./output-path.js";

// Results
