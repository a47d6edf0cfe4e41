import type { UprightPixels } from '../imaging/smallThumbnail';

const COLUMNS = 9;
const ROWS = 8;

/**
 * The 64 bits of a difference hash from a 9×8 greyscale reduction, row by row: each bit says whether a cell
 * is brighter than its right neighbour. Hex, 16 digits.
 */
export function differenceBitsOf(grey: ArrayLike<number>): string {
  let bits = 0n;
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLUMNS - 1; col++) {
      const left = grey[row * COLUMNS + col]!;
      const right = grey[row * COLUMNS + col + 1]!;
      bits = (bits << 1n) | (left > right ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

/**
 * For each source index along a side of `size` pixels, the cells of `cells` it falls in and how much of each
 * cell it covers (a cell is 1 wide): an exact area split, so every source pixel counts whatever the two sizes.
 */
function coverage(size: number, cells: number): Array<Array<[cell: number, share: number]>> {
  const spans: Array<Array<[number, number]>> = [];
  for (let i = 0; i < size; i++) {
    const from = (i * cells) / size;
    const to = ((i + 1) * cells) / size;
    const parts: Array<[number, number]> = [];
    for (let cell = Math.floor(from); cell < to && cell < cells; cell++) {
      const share = Math.min(to, cell + 1) - Math.max(from, cell);
      if (share > 0) parts.push([cell, share]);
    }
    spans.push(parts);
  }
  return spans;
}

/**
 * The difference hash of pixels already decoded (a small photo's, see smallThumbnail), in this thread's
 * JavaScript: the luma of each pixel (Rec. 709 weights; the first channel of a grey picture; alpha ignored)
 * averaged over 9×8 cells of equal area, rounded as an 8-bit reduction is. A sharp pipeline for the same 72
 * numbers cost a small photo's ingest about as much CPU as its thumbnail (1.3–1.9 ms against 0.05 ms).
 * Grouping compares a photo's hash with those of photos of its own size, which take the same path; the bits
 * stay within a few of the thumbnail's (`pixelDifferenceHash.test.ts`), so a look-alike of another size is
 * still found.
 */
export function differenceHashOfPixels(pixels: UprightPixels): string {
  const { data, width, height, channels } = pixels;
  const across = coverage(width, COLUMNS);
  const down = coverage(height, ROWS);
  const sums = new Float64Array(COLUMNS * ROWS);
  const rowSums = new Float64Array(COLUMNS);
  const colour = channels >= 3;
  for (let y = 0; y < height; y++) {
    rowSums.fill(0);
    let at = y * width * channels;
    for (let x = 0; x < width; x++, at += channels) {
      const luma = colour ? 0.2126 * data[at]! + 0.7152 * data[at + 1]! + 0.0722 * data[at + 2]! : data[at]!;
      for (const [cell, share] of across[x]!) rowSums[cell] = rowSums[cell]! + luma * share;
    }
    for (const [row, share] of down[y]!) {
      for (let cell = 0; cell < COLUMNS; cell++) {
        const at = row * COLUMNS + cell;
        sums[at] = sums[at]! + rowSums[cell]! * share;
      }
    }
  }
  // Shares are in cells, so each cell's weights add up to one: its sum is its mean.
  return differenceBitsOf(Array.from(sums, (mean) => Math.round(mean)));
}
