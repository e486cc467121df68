/**
 * A seeded pseudo-random generator of numbers in [0, 1): a Weyl sequence (step 0x9E3779B9) passed through a
 * 32-bit avalanche mix (xor-shift and multiply, the MurmurHash3 finaliser's constants). Small, fast and
 * reproducible: the same seed gives the same sequence, bit for bit, on every platform. Not for cryptography.
 *
 * @example
 * ```ts
 * const next = seededRandom(42);
 * next(); // a number in [0, 1), the same on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a text (FNV-1a over its UTF-16 code units), to derive one seed per group. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
