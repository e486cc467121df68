import { definePlugin } from "@cityindex/core";
import { reviewsSource } from "./reviews-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export { reviewsSource } from "./reviews-source.js";

// Options
export type {
  ReviewsColumns,
  ReviewsFormat,
  ReviewsGrain,
  ReviewsIndicators,
  ReviewsSourceOptions,
  ShareScale,
} from "./options.js";
export {
  DEFAULT_CATEGORIES,
  DEFAULT_COLUMNS,
  DEFAULT_INDICATORS,
  DEFAULT_MISSING,
  reviewsOptionsSchema,
} from "./options.js";

// Pure reader and helpers
export type { PeriodType } from "./dates.js";
export { periodOfDate } from "./dates.js";
export { CHINESE_LANGUAGES, isChineseLanguage } from "./language.js";
export type {
  ParseReviewsOptions,
  ReviewBasis,
  ReviewsObservation,
  ReviewsProvenance,
  ReviewsResult,
} from "./reviews.js";
export { parseReviews } from "./reviews.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-reviews` plugin: the `reviews` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [reviewsSource] });
export default plugin;
