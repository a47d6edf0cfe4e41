// How far apart two difference hashes are: pure arithmetic, so SQLite can call it too (db/sqlFunctions.ts).

function bitsSet32(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Bits that differ between two difference hashes (0 to 64), 32 bits at a time: a new photo is compared with
 * every photo of its size, so this runs catalogue-size times per photo.
 */
export function hammingDistance(a: string, b: string): number {
  const length = Math.max(a.length, b.length);
  const x = a.padStart(length, '0');
  const y = b.padStart(length, '0');
  let count = 0;
  for (let end = length; end > 0; end -= 8) {
    const start = Math.max(0, end - 8);
    count += bitsSet32((parseInt(x.slice(start, end), 16) ^ parseInt(y.slice(start, end), 16)) >>> 0);
  }
  return count;
}
