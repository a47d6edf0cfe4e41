/**
 * A 64-bit difference hash cut into five bands of 13, 13, 13, 13 and 12 bits. Two hashes at most four bits
 * apart share at least one whole band (five bands, at most four of them touched), so look-alikes are found
 * through an index on each band instead of by comparing every photo of a size.
 */
export const BAND_COUNT = 5;
const BAND_BITS = [13, 13, 13, 13, 12] as const;

/** The bands of a 16-hex-digit difference hash, highest bits first. */
export function dhashBands(dhash: string): number[] {
  let rest = BigInt(`0x${dhash}`);
  const bands: number[] = [];
  for (let i = BAND_COUNT - 1; i >= 0; i--) {
    const bits = BigInt(BAND_BITS[i]!);
    bands.unshift(Number(rest & ((1n << bits) - 1n)));
    rest >>= bits;
  }
  return bands;
}
