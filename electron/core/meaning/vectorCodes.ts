// How a unit vector is kept: its 512 signs as 16 words (what the first pass over every photo compares), and
// the vector in signed bytes with one scale (what the few best of that pass are ranked by). Signs agreeing is
// a known cheap stand-in for the angle between two vectors (random-hyperplane hashing, which these axes are
// close enough to), and signed bytes keep a cosine to within about 0.01 at an eighth of a float's size.
import { DIMENSIONS } from './dimensions';

export const CODE_WORDS = DIMENSIONS / 32;

export interface StoredVector {
  code: Uint32Array;
  bytes: Int8Array;
  scale: number;
}

export function storedVector(unit: Float32Array): StoredVector {
  let largest = 0;
  for (const x of unit) largest = Math.max(largest, Math.abs(x));
  const scale = largest > 0 ? largest / 127 : 1;
  const bytes = new Int8Array(DIMENSIONS);
  for (let i = 0; i < DIMENSIONS; i++) bytes[i] = Math.round(unit[i]! / scale);
  return { code: signCode(unit), bytes, scale };
}

export function signCode(unit: Float32Array): Uint32Array {
  const code = new Uint32Array(CODE_WORDS);
  for (let i = 0; i < DIMENSIONS; i++) if (unit[i]! > 0) code[i >>> 5]! |= 1 << (i & 31);
  return code;
}

/** Signs in which two codes differ (0: same direction, 512: opposite), over their first `words` words. */
export function codeDistance(a: Uint32Array, aAt: number, b: Uint32Array, words = CODE_WORDS): number {
  let differing = 0;
  for (let w = 0; w < words; w++) {
    let x = a[aAt + w]! ^ b[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    differing += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return differing;
}

/** The cosine between a query's unit vector and a stored one. */
export function cosine(query: Float32Array, bytes: Int8Array, scale: number): number {
  let sum = 0;
  for (let i = 0; i < DIMENSIONS; i++) sum += query[i]! * bytes[i]!;
  return sum * scale;
}
