import { InputError } from "../errors.js";
import { show } from "../issues.js";

/**
 * Columnar data: one `Float64Array` per indicator (or framework node) holding every unit in every period,
 * period-major (`values[p * units.length + u]`), `NaN` for missing. A dataset is never mutated after it is
 * built: a step makes a new dataset that shares the columns it did not change.
 */
export class Dataset {
  /** Unit ids, in row order. */
  readonly units: readonly string[];
  /** Periods, in order. */
  readonly periods: readonly string[];
  readonly #columns: Map<string, Float64Array>;
  /** Columns computed on first read (see {@link Dataset.lazy}). */
  readonly #pending = new Map<string, () => Float64Array>();

  constructor(units: readonly string[], periods: readonly string[], columns?: Map<string, Float64Array>) {
    this.units = units;
    this.periods = periods;
    this.#columns = columns ?? new Map();
    const size = units.length * periods.length;
    for (const [id, col] of this.#columns) {
      if (col.length !== size) {
        throw new InputError(
          "bad-column",
          `Dataset: column ${show(id)} has ${col.length} values, expected ${size} (${units.length} units × ${periods.length} periods)`,
        );
      }
    }
  }

  /** Number of cells in one column: units × periods. */
  get size(): number {
    return this.units.length * this.periods.length;
  }

  /**
   * A dataset whose columns are computed when first read, for columns that are costly and often not needed
   * (the ranks of every indicator). `compute(id)` must return `units × periods` values; the result is kept.
   */
  static lazy(
    units: readonly string[],
    periods: readonly string[],
    ids: readonly string[],
    compute: (id: string) => Float64Array,
  ): Dataset {
    const data = new Dataset(units, periods);
    for (const id of ids) data.#pending.set(id, () => compute(id));
    return data;
  }

  /** Column ids, in insertion order (columns not computed yet included). */
  get ids(): string[] {
    return this.#pending.size === 0
      ? [...this.#columns.keys()]
      : [...this.#columns.keys(), ...this.#pending.keys()];
  }

  /** True if the dataset has the column. */
  has(id: string): boolean {
    return this.#columns.has(id) || this.#pending.has(id);
  }

  /** The whole column (every period). Throws if absent. Do not mutate it. */
  column(id: string): Float64Array {
    const col = this.#columns.get(id) ?? this.#materialise(id);
    if (!col) throw new InputError("unknown-column", `Dataset.column: no column ${show(id)}`);
    return col;
  }

  /** One period of a column, as a view (no copy). Do not mutate it. */
  slice(id: string, period: number): Float64Array {
    const n = this.units.length;
    return this.column(id).subarray(period * n, (period + 1) * n);
  }

  /** The value of one cell, `NaN` if missing or absent. */
  get(id: string, unit: number, period: number): number {
    const col = this.#columns.get(id) ?? this.#materialise(id);
    return col ? col[period * this.units.length + unit]! : Number.NaN;
  }

  /** Computes a pending column, checks its size and keeps it; `undefined` when there is no such column. */
  #materialise(id: string): Float64Array | undefined {
    const compute = this.#pending.get(id);
    if (!compute) return undefined;
    const col = compute();
    if (col.length !== this.size) {
      throw new InputError(
        "bad-column",
        `Dataset: column ${show(id)} has ${col.length} values, expected ${this.size} (${this.units.length} units × ${this.periods.length} periods)`,
      );
    }
    this.#pending.delete(id);
    this.#columns.set(id, col);
    return col;
  }

  /** Computes every pending column. */
  #all(): Map<string, Float64Array> {
    for (const id of [...this.#pending.keys()]) this.#materialise(id);
    return this.#columns;
  }

  /** A new dataset with the given columns replaced or added; the others are shared. */
  with(columns: Iterable<[string, Float64Array]>): Dataset {
    const next = new Map(this.#all());
    for (const [id, col] of columns) next.set(id, col);
    return new Dataset(this.units, this.periods, next);
  }

  /** A new dataset with only the given columns, in that order. */
  select(ids: readonly string[]): Dataset {
    return new Dataset(this.units, this.periods, new Map(ids.map((id) => [id, this.column(id)])));
  }

  /** A new dataset keeping only the units at the given row indices. */
  selectUnits(rows: readonly number[]): Dataset {
    const n = this.units.length;
    const m = rows.length;
    const next = new Map<string, Float64Array>();
    for (const [id, col] of this.#all()) {
      const out = new Float64Array(m * this.periods.length);
      for (let p = 0; p < this.periods.length; p++) {
        for (let i = 0; i < m; i++) out[p * m + i] = col[p * n + rows[i]!]!;
      }
      next.set(id, out);
    }
    return new Dataset(
      rows.map((r) => this.units[r]!),
      this.periods,
      next,
    );
  }

  /** A new empty column of the right size, filled with `NaN`. */
  emptyColumn(): Float64Array {
    return new Float64Array(this.size).fill(Number.NaN);
  }
}
