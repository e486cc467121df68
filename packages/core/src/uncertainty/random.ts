/**
 * The Mersenne Twister (MT19937) seeded as R's `set.seed(seed)` seeds it (R's default generator), so a seeded
 * analysis draws the same uniform numbers as R's `runif` after the same `set.seed`: a design drawn here can be
 * compared with one drawn in R, value for value.
 *
 * Seeding as R does: the seed is scrambled by 50 steps of the linear congruential generator
 * s ← 69069 s + 1 (mod 2³²), then each of the 625 words of R's state (the position, then the 624 words of the
 * twister) takes the next value of that generator, and the position is set to 624 so that the first draw
 * regenerates the state. Draws are the tempered 32-bit output times 2⁻³² (2.3283064365386963e-10), kept inside
 * the open interval (0, 1) as R's `unif_rand` keeps them.
 *
 * References: Matsumoto & Nishimura (1998), ACM TOMACS 8(1), 3–30; R's `RNG.c` (`Randomize`, `MT_genrand`,
 * `fixup`).
 *
 * @example
 * const rng = new MersenneTwister(2);
 * rng.next(); // 0.18488225992769003, as R's set.seed(2); runif(1)
 */
export class MersenneTwister {
  readonly #mt = new Uint32Array(N);
  #index = N;

  /** A generator seeded as R's `set.seed(seed)` (an integer; other numbers are truncated towards zero as R does). */
  constructor(seed: number) {
    if (!Number.isFinite(seed))
      throw new RangeError(`MersenneTwister: the seed must be a finite number, got ${seed}`);
    let s = Math.trunc(seed) >>> 0;
    for (let j = 0; j < 50; j++) s = lcg(s);
    // R's first word is the position (dummy[0]), overwritten below; the next 624 are the state.
    s = lcg(s);
    for (let j = 0; j < N; j++) {
      s = lcg(s);
      this.#mt[j] = s;
    }
    this.#index = N;
  }

  /** The next uniform number in (0, 1), as R's `unif_rand()`. */
  next(): number {
    if (this.#index >= N) this.#twist();
    return uniform(this.#mt[this.#index++]!);
  }

  /** Regenerates the 624 words of the state. */
  #twist(): void {
    const mt = this.#mt;
    let kk = 0;
    for (; kk < N - M; kk++) {
      const y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      const y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#index = 0;
  }

  /** Fills `out` with the next `out.length` uniform numbers and returns it. */
  fill(out: Float64Array): Float64Array {
    const mt = this.#mt;
    let i = 0;
    while (i < out.length) {
      if (this.#index >= N) this.#twist();
      const take = Math.min(N - this.#index, out.length - i);
      temper(mt, this.#index, out, i, take);
      this.#index += take;
      i += take;
    }
    return out;
  }

  /** A uniform integer in 0..n−1 (by `⌊u·n⌋`; not R's `sample`, whose rejection sampling differs). */
  below(n: number): number {
    const k = Math.floor(this.next() * n);
    return k < n ? k : n - 1;
  }
}

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const HALF_STEP = 0.5 * 2.328306437080797e-10;

/** Writes `count` words of the state from `from` into `out` from `at`, each as {@link uniform} makes it. */
function temper(mt: Uint32Array, from: number, out: Float64Array, at: number, count: number): void {
  for (let k = 0; k < count; k++) out[at + k] = uniform(mt[from + k]!);
}

/** A state word tempered and scaled into (0, 1), as R's `MT_genrand` then `fixup`: never exactly 0 or 1. */
function uniform(word: number): number {
  let y = word;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  const u = (y >>> 0) * 2.3283064365386963e-10;
  if (u <= 0) return HALF_STEP;
  if (1 - u <= 0) return 1 - HALF_STEP;
  return u;
}

function lcg(s: number): number {
  return (Math.imul(69069, s) + 1) >>> 0;
}
