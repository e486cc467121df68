/** The package's name, used as the `source` of the log lines it writes. */
export const HTTP_PACKAGE = "@cityindex/http";

/** The package's version, the default version in the User-Agent. Kept in step with package.json by a test. */
export const HTTP_VERSION = "0.1.0";
