import type { Dataset } from "../data/dataset.js";
import { dataPath, show } from "../issues.js";
import type { WeightContext } from "../methods.js";

/** Which observations of a node's children a data-driven weighting method uses. */
export type DataForm = "cross-section" | "panel";

/** The children's values as columns, with a way to name each row's cell. */
export interface ChildrenData {
  /** One column per child, in the order of `ctx.children`. */
  columns: Float64Array[];
  /** The data path of row `r` of child `id`: `data/<unit>/<id>/<period>`. */
  cell(r: number, id: string): string;
}

/**
 * The values of a node's children that a weighting method sees: the last period (`cross-section`) or every
 * period stacked (`panel`, rows period-major: unit u of period p is row p·units + u). Reads `source` when
 * given (an earlier dataset such as `Raw`, rows matched to `ctx.units` by unit id), else `ctx.data`. Returns
 * `null` after reporting an error when a child has no column.
 */
export function childrenData(
  ctx: WeightContext,
  form: DataForm,
  label: string,
  source?: { data: Dataset; name: string },
): ChildrenData | null {
  const data = source?.data ?? ctx.data;
  const missing = ctx.children.filter((c) => !data.has(c.id)).map((c) => c.id);
  if (missing.length > 0) {
    const where = source ? `dataset ${show(source.name)}` : "the data of this step";
    ctx.report({
      severity: "error",
      code: "weight-no-data",
      message: `${label} needs the values of every child of ${show(ctx.node.id)}, but ${where} has no ${show(missing)}${ctx.children.some((c) => !c.isIndicator) ? "; aggregate the lower level before weighting this one" : ""}`,
    });
    return null;
  }
  const units = ctx.data.units;
  const nU = units.length;
  const rowOf = units.map((u) => data.units.indexOf(u));
  const periods = form === "panel" ? data.periods.map((_, p) => p) : [data.periods.length - 1];
  const columns = ctx.children.map((c) => {
    const col = data.column(c.id);
    const out = new Float64Array(periods.length * nU);
    periods.forEach((p, k) => {
      for (let u = 0; u < nU; u++) {
        const row = rowOf[u]!;
        out[k * nU + u] = row < 0 ? Number.NaN : col[p * data.units.length + row]!;
      }
    });
    return out;
  });
  return {
    columns,
    cell: (r, id) => dataPath(units[r % nU]!, id, data.periods[periods[Math.floor(r / nU)]!]),
  };
}

/** Names up to `limit` cells, each as `value` (path), and how many more there are. */
export function listCells(cells: readonly { value: number; path: string }[], limit = 5): string {
  const shown = cells.slice(0, limit).map((c) => `${show(c.value)} (${c.path})`);
  return shown.join(", ") + (cells.length > limit ? `, and ${cells.length - limit} more` : "");
}
