/**
 * The cells an imputation fills in one column, as positions (ascending) and values: work space grown as needed
 * and reused from one column to the next, so that collecting them allocates nothing but the final copies.
 * `fillMissing` lists what it fills in one; the runner lists what an imputation changed, to keep as patches.
 */
export class Fills {
  at = new Int32Array(0);
  values = new Float64Array(0);
  count = 0;

  /** Empties the list, with room for every cell of a column of `size` cells. */
  reset(size: number): this {
    if (this.at.length < size) {
      this.at = new Int32Array(size);
      this.values = new Float64Array(size);
    }
    this.count = 0;
    return this;
  }
}
