/** Labels in several languages, keyed by a BCP 47 tag: `{ "en": "Chengdu", "zh": "成都" }`. */
export type Labels = Record<string, string>;

/** A value of a unit's metadata column: a group (`"tier 1"`), a number (population) or nothing. */
export type MetaValue = string | number | boolean | null;

/** A unit: a city, or any entity the index ranks. */
export interface UnitSpec {
  /** Unique id, used in data files: `"chengdu"`, `"CHN-SC-CD"`. */
  id: string;
  /** Names in several languages. */
  labels?: Labels;
  /** Metadata columns usable as groups and denominators: country, province, tier, population. */
  meta?: Record<string, MetaValue>;
}

/** An indicator: one measured (or derived) quantity. */
export interface IndicatorSpec {
  /** Unique id, used in data files and formulas: letters, digits and `_`, starting with a letter. */
  id: string;
  /** Names in several languages. */
  labels?: Labels;
  /** What it measures, how, and from what. */
  description?: string;
  /** `1` if more is better, `-1` if less is better. Default `1`. */
  direction?: 1 | -1;
  /** Unit of measure: `"count"`, `"% of articles"`, `"score 1-5"`. */
  unit?: string;
  /** Where the values come from (a source id or a citation). */
  source?: string;
  /** Weight of this indicator within its parent node (default `1`; the framework may set it instead). */
  weight?: number;
  /** Computes the indicator from other indicators (`"consulates + 0.5 * honorary_consulates"`); mathjs syntax. */
  formula?: string;
  /** Divides the indicator by another indicator or by a numeric unit metadata column (`"population"`). */
  denominator?: string;
  /** Fixed bounds `[lower, upper]` for goalpost normalisation, comparable over periods. */
  goalposts?: [number, number];
  /** A target value for distance-to-target normalisation. */
  target?: number;
}

/** A node of the framework written as a tree. Leaves are indicator ids. */
export interface FrameworkNodeSpec {
  /** Node id; a leaf's id is the id of an indicator. */
  id: string;
  /** Names in several languages (leaves take their indicator's labels). */
  labels?: Labels;
  /** Weight of the edge from this node to its parent (default: the indicator's weight, else `1`). */
  weight?: number;
  /** Child nodes; a node without children is an indicator. */
  children?: FrameworkNodeSpec[];
}

/** A node of the framework written as a flat list, as in COINr's iMeta: each node names its parent. */
export interface FlatFrameworkNodeSpec {
  /** Node id; a node nobody names as parent is an indicator. */
  id: string;
  /** The parent's id, or `null` for the root (the index). */
  parent: string | null;
  /** Names in several languages. */
  labels?: Labels;
  /** Weight of the edge from this node to its parent (default `1`). */
  weight?: number;
}

/** The framework: a tree from indicators up to the index, written nested or flat. */
export type FrameworkSpec = FrameworkNodeSpec | FlatFrameworkNodeSpec[];

/** A data source: a source adapter of a plugin and its options. */
export interface SourceSpec {
  /** A name for this source, unique in the spec. */
  id: string;
  /** The source adapter's id, such as `"csv"`. */
  source: string;
  /** Options of the adapter, validated against its schema. */
  options?: Record<string, unknown>;
}

/** Pipeline stages, in the order an index is usually built. */
export type Stage =
  | "screen"
  | "derive"
  | "denominate"
  | "impute"
  | "treat"
  | "normalise"
  | "weight"
  | "aggregate";

/** The stages, in their usual order. */
export const STAGES: readonly Stage[] = [
  "screen",
  "derive",
  "denominate",
  "impute",
  "treat",
  "normalise",
  "weight",
  "aggregate",
];

/** Which part of the index a step applies to. Fields combine as "and"; an absent field means all. */
export interface ScopeSpec {
  /** Indicator ids, or framework node ids whose indicators are meant. */
  indicators?: string[];
  /** Framework node ids (for `weight` and `aggregate`: the parents whose children are weighted or combined). */
  nodes?: string[];
  /** Framework levels (1 = indicators). */
  levels?: number[];
}

/** One step of the pipeline. */
export interface StepSpec {
  /** The stage this step belongs to. */
  step: Stage;
  /** The id of a method registered for that stage. */
  method: string;
  /** The method's options; defaults are filled in and recorded in the result's provenance. */
  options?: Record<string, unknown>;
  /** Restricts the step to some indicators, nodes or levels. */
  scope?: ScopeSpec;
  /** A name for the dataset this step produces (default: the stage's participle, such as `Normalised`). */
  name?: string;
}

/** An exporter and its options. */
export interface ExportSpec {
  /** The exporter's id, such as `"xlsx"` or `"html"`. */
  exporter: string;
  /** Options of the exporter. */
  options?: Record<string, unknown>;
}

/** How ties are ranked. `min` is the sports convention: 1, 2, 2, 4. */
export type TieMethod = "min" | "max" | "average" | "dense" | "first";

/** Options for ranking. */
export interface RankingSpec {
  /** How tied scores are ranked (default `min`). */
  ties?: TieMethod;
}

/**
 * Which period an edition publishes, which periods it is compared with, and the earlier editions it is checked
 * against: the index tracked over years (or months).
 */
export interface TrackingSpec {
  /**
   * The period this edition publishes (default: the latest period of the data). Data of later periods are left
   * out of the build, so an earlier edition can be rebuilt from data that have grown since.
   */
  edition?: string;
  /**
   * Periods whose scores and ranks are compared with the edition's, in `changes.csv` and the reports (default:
   * the period before the edition).
   */
  compare?: string[];
  /**
   * Results (`results.json`) of earlier editions as published, relative to the spec. Each is compared with this
   * build for the periods both have, so that a revision of a published score is visible, and its edition's
   * score is the start of the change split into revision and like-for-like change.
   */
  published?: string[];
}

/** The whole definition of an index: one JSON (or YAML) document. */
export interface Spec {
  /** Optional URL or path of the JSON Schema, for editors. */
  $schema?: string;
  /** Id of the index: lowercase letters, digits and `-`. */
  id: string;
  /** Title, in one language or several. */
  title?: string | Labels;
  /** What the index measures. */
  description?: string | Labels;
  /** A notice shown in every output, such as a statement that the data are illustrative. */
  notice?: string | Labels;
  /** The entities ranked. */
  units: UnitSpec[];
  /** The indicators, including auxiliary ones used only as denominators or in formulas. */
  indicators: IndicatorSpec[];
  /** The tree from indicators to the index. */
  framework: FrameworkSpec;
  /** Where the data come from. */
  sources?: SourceSpec[];
  /** The ordered steps that turn data into scores. */
  pipeline: StepSpec[];
  /** Outputs written after a build. */
  exports?: ExportSpec[];
  /** Plugin package names to load; nothing is loaded implicitly. */
  plugins?: string[];
  /** Ranking options. */
  ranking?: RankingSpec;
  /** The edition's period, the periods it is compared with, and earlier editions as published. */
  tracking?: TrackingSpec;
}
