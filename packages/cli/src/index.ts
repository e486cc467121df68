// Running the command line
export { EXIT, runCli } from "./run-cli.js";
export type { CliIo, OutputStream, Palette } from "./io.js";
export { paletteFor } from "./io.js";

// Specs and plugins
export type { LoadedSpec } from "./load-spec.js";
export { loadSpec } from "./load-spec.js";
export type { LoadedPlugin, LoadedPlugins, LoadPluginsOptions } from "./load-plugins.js";
export { loadPlugins } from "./load-plugins.js";

// Fetching
export type { FetchOptions, MissingCell } from "./commands/fetch.js";
export { missingCells, OBSERVATIONS_HEADER, observationsCsv } from "./commands/fetch.js";
export type { SourceRun } from "./run-sources.js";
export { DEFAULT_CACHE_DIR } from "./http-client.js";

// Output
export { formatIssues } from "./format-issues.js";
export { outputPath } from "./output-path.js";

// Results
