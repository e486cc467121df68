import { definePlugin } from "@cityindex/core";
import { textSource } from "./text-source.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

// Source
export { textSource } from "./text-source.js";

// Options
export type {
  BootstrapOptions,
  LanguageIndicators,
  LexiconOption,
  TextColumns,
  TextIndicators,
  TextPeriodType,
  TextShareScale,
  TextSourceOptions,
} from "./options.js";
export {
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_TEXT_COLUMNS,
  DEFAULT_TEXT_INDICATORS,
  textOptionsSchema,
} from "./options.js";

// Reader
export type {
  ParseTextOptions,
  TextBasis,
  TextObservation,
  TextProvenance,
  TextResult,
  TextSummary,
} from "./text.js";
export { parseText } from "./text.js";

// Scoring
export type {
  ChineseSegmenter,
  LexiconClassifierOptions,
  LexiconInput,
  PostScore,
  TextClassifier,
} from "./score/classifier.js";
export {
  AFINN_NAME,
  createLexiconClassifier,
  LexiconClassifier,
  loadJieba,
  segmentChinese,
  ZH_SEED_NAME,
} from "./score/classifier.js";
export type { Token, TokenScore } from "./score/tokens.js";
export { FINAL_PARTICLES, MAX_MERGE, scoreTokens, tokensOfSegments, wordTokens } from "./score/tokens.js";
export type { LexiconProblem, ParsedLexicon } from "./lexicon.js";
export { lexiconKey, parseLexicon } from "./lexicon.js";
export { ZH_MODIFIERS, ZH_SEED_LEXICON_TSV, zhSeedLexicon } from "./zh-seed.js";

// Helpers
export { periodOfPost } from "./dates.js";
export { detectLanguage, ENGLISH_FUNCTION_WORDS, normaliseLanguage } from "./language.js";
export { LineSplitter, type RawLine } from "./lines.js";
export { hash32, seededRandom } from "./prng.js";
export { quantile, SentimentStats } from "./stats.js";

// Plugin
export { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

/** The `@cityindex/source-text` plugin: the `text` source. Name it in a spec's `plugins` to use it. */
const plugin = definePlugin({ name: PLUGIN_NAME, version: PLUGIN_VERSION, sources: [textSource] });
export default plugin;
