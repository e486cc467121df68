import { sha256 } from "../util/sha256.js";
import type { Dataset } from "./dataset.js";

/**
 * SHA-256 of a dataset's content: its unit ids, periods and column ids (as JSON), then every column's values
 * as little-endian IEEE 754 doubles, period-major, with every missing value written as the same NaN. Equal
 * data give equal hashes whatever the order the observations arrived in.
 */
export function hashDataset(data: Dataset): string {
  const head = new TextEncoder().encode(JSON.stringify([data.units, data.periods, data.ids]));
  const ids = data.ids;
  const bytes = new Uint8Array(head.length + ids.length * data.size * 8);
  bytes.set(head);
  const view = new DataView(bytes.buffer);
  let offset = head.length;
  for (const id of ids) {
    const col = data.column(id);
    for (let i = 0; i < col.length; i++, offset += 8)
      view.setFloat64(offset, Number.isNaN(col[i]!) ? Number.NaN : col[i]!, true);
  }
  return sha256(bytes);
}
