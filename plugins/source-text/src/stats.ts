import { seededRandom } from "./prng.js";

/**
 * Running sums of one group of posts (a unit and period, optionally one language): volume, and the weighted
 * mean, standard error and shares of the scored posts. Sums of squares are taken about the first score, so a
 * group whose posts all score the same has a standard error of exactly 0. Scores and weights are kept only
 * when `keep` is true (for the bootstrap).
 */
export class SentimentStats {
  /** Posts. */
  posts = 0;
  /** Σ w over the posts. */
  volume = 0;
  /** Posts scored. */
  scored = 0;
  /** Scored posts with no sentiment word (score 0). */
  neutral = 0;
  /** Scored posts above the threshold. */
  positive = 0;
  /** Scored posts below minus the threshold. */
  negative = 0;
  /** Σ w of the positive posts. */
  positiveWeight = 0;
  /** Σ w of the negative posts. */
  negativeWeight = 0;
  /** Σ w of the scored posts. */
  weight = 0;
  private shift = Number.NaN;
  private swd = 0;
  private sw2 = 0;
  private sw2d = 0;
  private sw2d2 = 0;
  private readonly scores: number[] | undefined;
  private readonly weights: number[] | undefined;

  /** `keep`: keep every score and weight for {@link SentimentStats.interval}. */
  constructor(keep = false) {
    if (keep) {
      this.scores = [];
      this.weights = [];
    }
  }

  /** Counts a post of weight `w` in the volume. */
  addPost(w: number): void {
    this.posts++;
    this.volume += w;
  }

  /** Adds a scored post: score `s`, weight `w`; `neutral` when it had no sentiment word. */
  addScore(s: number, w: number, neutral: boolean, threshold: number): void {
    if (Number.isNaN(this.shift)) this.shift = s;
    const d = s - this.shift;
    this.scored++;
    if (neutral) this.neutral++;
    if (s > threshold) {
      this.positive++;
      this.positiveWeight += w;
    } else if (s < -threshold) {
      this.negative++;
      this.negativeWeight += w;
    }
    this.weight += w;
    this.swd += w * d;
    this.sw2 += w * w;
    this.sw2d += w * w * d;
    this.sw2d2 += w * w * d * d;
    this.scores?.push(s);
    this.weights?.push(w);
  }

  /** Weighted mean score Σ w·s / Σ w, or `undefined` with no scored weight. */
  mean(): number | undefined {
    return this.weight > 0 ? this.shift + this.swd / this.weight : undefined;
  }

  /**
   * Standard error of the weighted mean, `sqrt(n/(n-1) · Σ w²(s - m)²) / Σ w` (the linearised estimator of a
   * ratio mean; with equal weights it is the sample standard deviation over √n). `undefined` for fewer than
   * two scored posts.
   */
  standardError(): number | undefined {
    const n = this.scored;
    if (n < 2 || this.weight <= 0) return undefined;
    const md = this.swd / this.weight;
    const ss = Math.max(0, this.sw2d2 - 2 * md * this.sw2d + md * md * this.sw2);
    return Math.sqrt((n / (n - 1)) * ss) / this.weight;
  }

  /**
   * Percentile bootstrap interval of the weighted mean: `samples` resamples of the scored posts with
   * replacement, each mean computed, and the `(1 - level)/2` and `(1 + level)/2` quantiles taken (linear
   * interpolation between order statistics, R's type 7). `undefined` for fewer than two scored posts or when
   * scores were not kept.
   */
  interval(samples: number, level: number, seed: number): [number, number] | undefined {
    const s = this.scores;
    const w = this.weights;
    if (!s || !w || s.length < 2) return undefined;
    const n = s.length;
    const next = seededRandom(seed);
    const shift = s[0] as number;
    const means: number[] = [];
    for (let b = 0; b < samples; b++) {
      let sw = 0;
      let swd = 0;
      for (let i = 0; i < n; i++) {
        const j = Math.floor(next() * n);
        const wj = w[j] as number;
        sw += wj;
        swd += wj * ((s[j] as number) - shift);
      }
      if (sw > 0) means.push(shift + swd / sw);
    }
    if (means.length === 0) return undefined;
    means.sort((a, b) => a - b);
    return [quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2)];
  }
}

/** The `p` quantile of sorted values, interpolating between order statistics (R's type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}
