/** The report's colours: a sequential blue scale for scores, and the accents. */
export const PALETTE = {
  /** From low to high score. */
  scale: ["#e8f1fb", "#9ecae1", "#4292c6", "#08519c", "#08306b"],
  /** The main accent. */
  accent: "#c2410c",
  /** Rank gains. */
  up: "#15803d",
  /** Rank losses. */
  down: "#b91c1c",
  /** No change, secondary lines. */
  muted: "#94a3b8",
  /** Text. */
  text: "#1e293b",
  /** Series colours of the dimensions. */
  series: ["#2563eb", "#c2410c", "#059669", "#7c3aed", "#db2777", "#ca8a04", "#0891b2", "#4d7c0f"],
} as const;
