import { InputError } from "../errors.js";
import { show } from "../issues.js";

/** Marks a dataset as released (see {@link retireDataset}); set in the class's static block. */
let retire: (data: Dataset) => void;

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
  /** Columns by id, in order; a {@link ColumnPatch} until it is first read whole. */
  readonly #columns: Map<string, Float64Array | ColumnPatch>;
  /** Columns computed on first read (see {@link Dataset.lazy}). */
  readonly #pending = new Map<string, () => Float64Array>();
  /** Set when the result holding it was released: its memory may hold another build's values by now. */
  #released = false;

  static {
    retire = (data) => {
      data.#released = true;
    };
  }

  /** Throws when the dataset's result was released. */
  #live(): void {
    if (this.#released) {
      throw new InputError(
        "released",
        "Dataset: the result holding this dataset was released (PreparedIndex.release) and its memory reused; read a result before releasing it, or build again",
      );
    }
  }

  constructor(units: readonly string[], periods: readonly string[], columns?: Map<string, Float64Array>) {
    this.units = units;
    this.periods = periods;
    this.#columns = columns ? new Map(columns) : new Map();
    const size = units.length * periods.length;
    for (const [id, col] of columns ?? []) {
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
    this.#live();
    const entry = this.#columns.get(id);
    const col = entry instanceof ColumnPatch ? this.#unpatch(id, entry) : (entry ?? this.#materialise(id));
    if (!col) throw new InputError("unknown-column", `Dataset.column: no column ${show(id)}`);
    return col;
  }

  /**
   * One period of a column: a view of the column when it is stored whole (as {@link Dataset.slice}), or, for a
   * column stored as a patch, the period written into `scratch` (`units` values), without keeping the whole
   * column. Either way, read the answer before the next call that may write `scratch`, and do not mutate it.
   */
  sliceInto(id: string, period: number, scratch: Float64Array): Float64Array {
    this.#live();
    const entry = this.#columns.get(id);
    if (!(entry instanceof ColumnPatch)) return this.slice(id, period);
    const n = this.units.length;
    const out = scratch.length === n ? scratch : scratch.subarray(0, n);
    entry.readInto(out, period * n);
    return out;
  }

  /** The column if it is stored whole; `undefined` for a patched, pending or absent column (none is computed). */
  peek(id: string): Float64Array | undefined {
    this.#live();
    const entry = this.#columns.get(id);
    return entry instanceof ColumnPatch ? undefined : entry;
  }

  /**
   * The vectors this dataset's columns are stored in, without computing any: the whole columns, and the base
   * columns of patched ones (which a patched column reads whenever it is read).
   */
  vectors(): Float64Array[] {
    this.#live();
    return [...this.#columns.values()].map((c) => (c instanceof ColumnPatch ? c.base : c));
  }

  /**
   * A new dataset with the given columns replaced or added as patches: each is the column `base` with the
   * cells at positions `at` (ascending, period-major as in a column) set to `values`. A patched column is
   * written out whole when first read with {@link Dataset.column} and kept; {@link Dataset.sliceInto} reads one
   * period without that. Imputation stores its output so: a few filled cells over the raw column, instead of a
   * copy of the whole column. The other columns are shared, as with {@link Dataset.with}.
   */
  withPatches(
    columns: Iterable<[string, Float64Array]>,
    patches: Iterable<[string, { base: Float64Array; at: Int32Array; values: Float64Array }]>,
  ): Dataset {
    const next = this.with(columns);
    for (const [id, p] of patches) {
      if (p.base.length !== this.size || p.at.length !== p.values.length) {
        throw new InputError(
          "bad-column",
          `Dataset: patch of ${show(id)} has a base of ${p.base.length} values (expected ${this.size}) and ${p.at.length} positions for ${p.values.length} values`,
        );
      }
      next.#columns.set(id, new ColumnPatch(p.base, p.at, p.values));
    }
    return next;
  }

  /** Writes a patched column out whole and keeps it in the patch's place. */
  #unpatch(id: string, patch: ColumnPatch): Float64Array {
    const col = new Float64Array(patch.base.length);
    patch.readInto(col, 0);
    this.#columns.set(id, col);
    return col;
  }

  /** One period of a column, as a view (no copy). Do not mutate it. */
  slice(id: string, period: number): Float64Array {
    const n = this.units.length;
    return this.column(id).subarray(period * n, (period + 1) * n);
  }

  /** The value of one cell, `NaN` if missing or absent. */
  get(id: string, unit: number, period: number): number {
    return this.has(id) ? this.column(id)[period * this.units.length + unit]! : Number.NaN;
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

  /** Computes every pending column (patched columns stay patches). */
  #all(): Map<string, Float64Array | ColumnPatch> {
    this.#live();
    for (const id of [...this.#pending.keys()]) this.#materialise(id);
    return this.#columns;
  }

  /** A new dataset with the given columns replaced or added; the others are shared. */
  with(columns: Iterable<[string, Float64Array]>): Dataset {
    const next = new Dataset(this.units, this.periods);
    for (const [id, col] of this.#all()) next.#columns.set(id, col);
    const size = this.size;
    for (const [id, col] of columns) {
      if (col.length !== size) {
        throw new InputError(
          "bad-column",
          `Dataset: column ${show(id)} has ${col.length} values, expected ${size} (${this.units.length} units × ${this.periods.length} periods)`,
        );
      }
      next.#columns.set(id, col);
    }
    return next;
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
    for (const id of this.ids) {
      const col = this.column(id);
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

/** Position of the first element of the ascending `at` that is at least `from`. */
function lowerBound(at: Int32Array, from: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A column stored as a base column with the cells at `at` (ascending) replaced by `values`. */
class ColumnPatch {
  constructor(
    readonly base: Float64Array,
    readonly at: Int32Array,
    readonly values: Float64Array,
  ) {}

  /** Writes cells `from` to `from + out.length - 1` of the patched column into `out`. */
  readInto(out: Float64Array, from: number): void {
    const end = from + out.length;
    out.set(this.base.subarray(from, end));
    const at = this.at;
    const values = this.values;
    for (let k = lowerBound(at, from); k < at.length && at[k]! < end; k++) out[at[k]! - from] = values[k]!;
  }
}

/**
 * Marks a dataset as released: every later read of its values throws `released`. `PreparedIndex.release` does
 * this to the datasets of the result it takes the memory of.
 */
export function retireDataset(data: Dataset): void {
  retire(data);
}
