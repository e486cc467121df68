/** The engine's name, recorded in every result's provenance. */
export const ENGINE_NAME = "@cityindex/core";

/** The engine's version, recorded in every result's provenance. Kept in step with package.json by a test. */
export const ENGINE_VERSION = "0.1.0";
