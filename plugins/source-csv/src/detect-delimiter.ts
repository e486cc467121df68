import { tokenizeCsv } from "./tokenize.js";

/** A delimiter character the detector can choose. */
export type DetectedDelimiter = "," | ";" | "\t" | "|";

/** Candidates in order of preference when two score the same. */
const CANDIDATES: readonly DetectedDelimiter[] = [",", "\t", ";", "|"];
const SAMPLE_CHARS = 65_536;
const SAMPLE_RECORDS = 20;

/**
 * Detects the delimiter of a CSV text from its first records (at most 20, within the first 64 KiB), splitting
 * them with each candidate while respecting quotes. The winner splits the header into at least two cells and
 * gives every sampled record the same number of cells as the header; among those, the one giving most cells
 * wins, then the earlier of `,`, tab, `;`, `|`. When no candidate splits the header, returns `,`.
 *
 * @example
 * ```ts
 * detectDelimiter("unit;flights\nchengdu;1,5\n"); // ";"
 * ```
 */
export function detectDelimiter(text: string): DetectedDelimiter {
  const truncated = text.length > SAMPLE_CHARS;
  const sample = truncated ? text.slice(0, SAMPLE_CHARS) : text;
  let best: DetectedDelimiter = ",";
  let bestScore = -1;
  for (const candidate of CANDIDATES) {
    const counts: number[] = [];
    for (const record of tokenizeCsv(sample, candidate)) {
      if (record.cells.every((c) => c.trim() === "")) continue;
      counts.push(record.problems.length > 0 ? -1 : record.cells.length);
      if (counts.length >= SAMPLE_RECORDS) break;
    }
    // The last record of a truncated sample may be cut short.
    if (truncated && counts.length > 1 && counts.length < SAMPLE_RECORDS) counts.pop();
    const header = counts[0] ?? 0;
    if (header < 2) continue;
    const consistent = counts.every((c) => c === header);
    const score = (consistent ? 1_000_000 : 0) + header;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
