/** Where one observation came from. */
export interface ObservationProvenance {
  /** The source adapter and spec source id, such as `csv:indicators`. */
  source?: string;
  /** A file location (`data/indicators.csv:12:4`), a URL or a query. */
  location?: string;
  /** When the value was retrieved, as an ISO 8601 timestamp. */
  retrieved?: string;
  /** A content hash of the response or file the value was read from, as `sha256:` and hex. */
  hash?: string;
  /** The licence of the data. */
  licence?: string;
  /** True if the value is illustrative, not measured. */
  illustrative?: boolean;
}

/**
 * One value: a unit's indicator in a period. `value` is `null` (or `NaN`) when the source says the value is
 * missing.
 */
export interface Observation {
  /** Unit id. */
  unit: string;
  /** Indicator id. */
  indicator: string;
  /** Period: a year (`"2024"`), a quarter (`"2024-Q3"`) or a month (`"2024-07"`). */
  period: string;
  /** The value, or `null` when missing. */
  value: number | null;
  /** Where the value came from. */
  provenance?: ObservationProvenance;
}
