import { definePlugin } from "@cityindex/core";
import { geojsonExporter } from "./geojson-exporter.js";
import { jsonLinesSource } from "./json-lines-source.js";
import { logistic } from "./logistic.js";

// The plugin's members, exported one by one so that programs can use them without a spec.
export type { GeoJsonOptions, UnitFeature } from "./geojson-exporter.js";
export { geojsonExporter, indexFeatures } from "./geojson-exporter.js";
export type { JsonLinesOptions } from "./json-lines-source.js";
export { jsonLinesSource } from "./json-lines-source.js";
export type { LogisticOptions } from "./logistic.js";
export { logistic } from "./logistic.js";

/** The package name, which is also the plugin's name in every log line and error. */
export const PLUGIN_NAME = "cityindex-plugin-example";

/**
 * The plugin: name it in a spec's `plugins` (`"cityindex-plugin-example"`) to use its `logistic`
 * normalisation, its `json-lines` source and its `geojson` exporter.
 */
const plugin = definePlugin({
  name: PLUGIN_NAME,
  version: "0.1.0",
  methods: [logistic],
  sources: [jsonLinesSource],
  exporters: [geojsonExporter],
});

export default plugin;
