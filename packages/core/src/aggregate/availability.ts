import type { JsonSchema } from "../methods.js";

/** The `minAvailability` option shared by aggregation methods. */
export const minAvailabilitySchema: JsonSchema = {
  type: "number",
  minimum: 0,
  maximum: 1,
  default: 0,
  description:
    "Minimum share of a node's children that must have a value for the node to get a score (COINr's dat_thresh); below it the score is missing",
};

/** Number of children (0..k) needed for a score, given `minAvailability`; at least one. */
export function neededChildren(k: number, minAvailability: number): number {
  return Math.max(1, Math.ceil(minAvailability * k - 1e-12));
}
