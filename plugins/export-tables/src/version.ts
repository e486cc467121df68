/** The plugin's package name, shown in the CLI's log lines for these exporters. */
export const PLUGIN_NAME = "@cityindex/export-tables";

/** The plugin's version. Kept in step with package.json by a test. */
export const PLUGIN_VERSION = "0.1.0";
