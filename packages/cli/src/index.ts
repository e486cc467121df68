// Running the command line

export { formatIssues } from "./format-issues.js";
// Output
export type { CliIo, OutputStream, Palette } from "./io.js";
export { paletteFor } from "./io.js";

// Plugins
export type { LoadedPlugin, LoadedPlugins, LoadPluginsOptions } from "./load-plugins.js";
export { loadPlugins } from "./load-plugins.js";

// Specs
export type { LoadedSpec } from "./load-spec.js";
export { loadSpec } from "./load-spec.js";
export { outputPath } from "./output-path.js";
export { EXIT, runCli } from "./run-cli.js";
