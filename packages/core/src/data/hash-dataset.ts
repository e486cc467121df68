import { sha256, sha256Digest, sha256DigestAsync } from "../util/sha256.js";
import type { Dataset } from "./dataset.js";

/** True where a `Float64Array` stores its values little-endian (every mainstream platform). */
export const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/**
 * Columns found, when last read (`readTable` reads every column of a data table before the build hashes it),
 * to hold only canonical NaNs, so that hashing them needs no second pass to check.
 */
const canonicalColumns = new WeakSet<Float64Array>();

/** Records whether a column was found to hold only canonical NaNs when read (little-endian platforms only). */
export function noteCanonical(col: Float64Array, canonical: boolean): void {
  if (canonical && LITTLE_ENDIAN) canonicalColumns.add(col);
  else canonicalColumns.delete(col);
}

/**
 * How many bytes of columns {@link hashDatasetAsync} hands to Web Crypto before waiting for a digest (at least
 * one column, at least {@link MIN_IN_FLIGHT} columns): Web Crypto copies its input, so this bounds the memory
 * taken by the copies, while letting the digests of a dataset of moderate size run all at once on the
 * platform's worker threads, alongside whatever the caller does meanwhile (a build runs its pipeline).
 */
const IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/** Column digests {@link hashDatasetAsync} keeps in flight at least, whatever their size. */
const MIN_IN_FLIGHT = 4;

/**
 * SHA-256 of a dataset's content, in two levels so that a large dataset is hashed column by column: the
 * SHA-256 of the UTF-8 JSON `[units, periods, column ids]` followed by, for each column in order, the 32-byte
 * SHA-256 digest of its values. A column's values are written as little-endian IEEE 754 doubles, period-major,
 * every missing value as the same NaN (`0x7ff8000000000000`). Equal data give equal hashes whatever the order
 * the observations arrived in, and the same hash as {@link hashDatasetAsync}.
 *
 * Synchronous and in JavaScript: fine for small data; `buildIndex` uses {@link hashDatasetAsync}.
 *
 * @example
 * hashDataset(result.datasets[0].data) // "5f0c...", as result.provenance.dataHash
 */
export function hashDataset(data: Dataset): string {
  const digests = data.ids.map((id) => sha256Digest(columnBytes(data.column(id))));
  return sha256(combine(data, digests));
}

/**
 * The same hash as {@link hashDataset}, with each column hashed by the platform's Web Crypto API where it is
 * available (native code: a dataset of 800 MB hashes in about a second instead of about ten), falling back to
 * JavaScript otherwise.
 *
 * @example
 * const hash = await hashDatasetAsync(dataset);
 */
export function hashDatasetAsync(data: Dataset): Promise<string> {
  const ids = data.ids;
  const digests: Uint8Array[] = new Array(ids.length);
  // Digests are started, in column order, while fewer than MIN_IN_FLIGHT are running or the bytes running stay
  // within IN_FLIGHT_BYTES; each one that completes starts the next ones.
  let next = 0;
  let running = 0;
  let bytes = 0;
  return new Promise<string>((resolve, reject) => {
    let failed = false;
    const start = (): void => {
      while (
        !failed &&
        next < ids.length &&
        (running < MIN_IN_FLIGHT || bytes + data.column(ids[next]!).byteLength <= IN_FLIGHT_BYTES)
      ) {
        const j = next++;
        const column = columnBytes(data.column(ids[j]!));
        running++;
        bytes += column.byteLength;
        sha256DigestAsync(column).then(
          (digest) => {
            digests[j] = digest;
            running--;
            bytes -= column.byteLength;
            if (next < ids.length) start();
            else if (running === 0) resolve(sha256(combine(data, digests)));
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    if (ids.length === 0) resolve(sha256(combine(data, digests)));
    else start();
  });
}

/** The bytes hashed at the top level: the JSON head, then every column digest. */
function combine(data: Dataset, digests: readonly Uint8Array[]): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify([data.units, data.periods, data.ids]));
  const bytes = new Uint8Array(head.length + digests.length * 32);
  bytes.set(head);
  digests.forEach((d, j) => {
    bytes.set(d, head.length + j * 32);
  });
  return bytes;
}

/**
 * A column as hashed: little-endian doubles with every NaN canonical. A view of the column itself when it
 * already is (the usual case), a corrected copy otherwise (and a copy when the column is in shared memory).
 */
function columnBytes(column: Float64Array): Uint8Array {
  // Web Crypto refuses views of shared memory (a build's largest outputs may live there): hash a copy.
  const col =
    typeof SharedArrayBuffer === "function" && column.buffer instanceof SharedArrayBuffer
      ? column.slice()
      : column;
  if (canonicalColumns.has(col)) return new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
  if (LITTLE_ENDIAN) {
    const words = new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
    let canonical = true;
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (!Number.isNaN(v)) continue;
      if (words[2 * i] !== 0 || words[2 * i + 1] !== 0x7ff80000) {
        canonical = false;
        break;
      }
    }
    if (canonical) return new Uint8Array(col.buffer, col.byteOffset, col.byteLength);
  }
  const bytes = new Uint8Array(col.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    view.setFloat64(i * 8, !Number.isNaN(v) ? v : Number.NaN, true);
  }
  return bytes;
}
