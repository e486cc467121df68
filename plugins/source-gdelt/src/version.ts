/** The plugin's package name, used as the `source` of every issue it reports. */
export const PLUGIN_NAME = "@cityindex/source-gdelt";

/** The plugin's version. Kept in step with package.json by a test. */
export const PLUGIN_VERSION = "0.1.0";
