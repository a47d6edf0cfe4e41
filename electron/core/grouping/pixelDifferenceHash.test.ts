import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { corpusWithinBox } from '../../../test/support/corpusWithinBox';
import { smallThumbnail, uprightPixels, type UprightPixels } from '../imaging/smallThumbnail';
import { sniffFileFormat } from '../imaging/sniff';
import { fingerprintOfThumbnailBytes } from './fingerprint';
import { hammingDistance } from './hamming';
import { differenceHashOfPixels } from './pixelDifferenceHash';

/** A picture whose brightness at each pixel is `value(x, y)` (0–255), as grey, RGB or RGBA pixels. */
function picture(
  width: number,
  height: number,
  value: (x: number, y: number) => number,
  channels: 1 | 3 | 4 = 3,
): UprightPixels {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      const v = Math.round(value(x, y));
      data.fill(v, at, at + Math.min(channels, 3));
      // Alpha that varies across the picture: the hash reads the colours only.
      if (channels === 4) data[at + 3] = (x * 37 + y * 11) % 256;
    }
  }
  return { data, width, height, channels };
}

function formatOf(path: string, bytes: Buffer) {
  return sniffFileFormat(bytes.subarray(0, 4096), path)!;
}

async function thumbnailAndPixels(path: string) {
  const bytes = readFileSync(path);
  return (await smallThumbnail(path, formatOf(path, bytes), bytes))!;
}

/** A corpus photo's upright pixels, decoded as ingest decodes a small photo. */
function corpusPixels(photo: string): Promise<UprightPixels> {
  const path = corpusPath(photo);
  const bytes = readFileSync(path);
  return uprightPixels(path, formatOf(path, bytes), bytes);
}

describe("a small photo's difference hash from its pixels", () => {
  it('sets a bit where a cell is brighter than its right neighbour', () => {
    expect(differenceHashOfPixels(picture(90, 80, (x) => x * 2.5))).toBe('0000000000000000');
    expect(differenceHashOfPixels(picture(90, 80, (x) => 255 - x * 2.5))).toBe('ffffffffffffffff');
    // Columns alternating dark and light in cells of 10 pixels: bright, dark, bright... from the left.
    const stripes = picture(90, 80, (x) => (Math.floor(x / 10) % 2 === 0 ? 200 : 50));
    expect(differenceHashOfPixels(stripes)).toBe('aaaaaaaaaaaaaaaa');
    // Only the top half brightens leftwards: the first four rows' bits.
    const half = picture(90, 80, (x, y) => (y < 40 ? 255 - x * 2.5 : 128));
    expect(differenceHashOfPixels(half)).toBe('ffffffff00000000');
  });

  it('gives the same bits for grey, RGB and RGBA pixels of one picture', () => {
    const value = (x: number, y: number) => (x * 7 + y * 3 + ((x * y) % 17)) % 256;
    const grey = differenceHashOfPixels(picture(120, 75, value, 1));
    expect(differenceHashOfPixels(picture(120, 75, value, 3))).toBe(grey);
    expect(differenceHashOfPixels(picture(120, 75, value, 4))).toBe(grey);
  });

  it('splits pixels across cells exactly, whatever the size, smaller than the grid included', () => {
    // A width that is no multiple of 9: the gradient still brightens cell by cell.
    expect(differenceHashOfPixels(picture(97, 71, (x) => x * 2.6))).toBe('0000000000000000');
    expect(differenceHashOfPixels(picture(97, 71, (x) => 255 - x * 2.6))).toBe('ffffffffffffffff');
    // Fewer pixels than cells: each pixel spreads over several, a flat picture has no bit set.
    expect(differenceHashOfPixels(picture(4, 3, (x) => 255 - x * 60))).toMatch(/^[0-9a-f]{16}$/);
    expect(differenceHashOfPixels(picture(1, 1, () => 90))).toBe('0000000000000000');
  });

  it('leaves pixels of more than a byte a channel to the thumbnail', () => {
    const wide = { data: Buffer.alloc(90 * 80 * 3 * 2), width: 90, height: 80, channels: 3 as const };
    expect(differenceHashOfPixels(wide)).toBeNull();
  });

  it('is one hash for one picture in every orientation its file may carry', async () => {
    const upright = [
      'exif/orientation-none_grace-hopper.jpg',
      'exif/orientation-3_rotate-180_grace-hopper.jpg',
      'exif/orientation-6_rotate-90cw_grace-hopper.jpg',
      'exif/orientation-8_rotate-270cw_grace-hopper.jpg',
    ];
    const hashes = await Promise.all(
      upright.map(async (photo) => differenceHashOfPixels(await corpusPixels(photo))),
    );
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toMatch(/^[0-9a-f]{16}$/);
    // And a different photo is far from it: grouping's burst rule allows 10 bits.
    const other = differenceHashOfPixels(
      await corpusPixels('exif/icc_large-printer-profile_aircraft-carrier.jpg'),
    );
    expect(hammingDistance(hashes[0]!, other!)).toBeGreaterThan(10);
  });

  it("stays near the difference hash of the photo's thumbnail, the other path's", async () => {
    const distances: number[] = [];
    for (const path of await corpusWithinBox()) {
      const { thumbnail, pixels } = await thumbnailAndPixels(path);
      const fromThumbnail = (await fingerprintOfThumbnailBytes(thumbnail)).dhash;
      distances.push(hammingDistance(differenceHashOfPixels(pixels)!, fromThumbnail));
    }
    distances.sort((a, b) => a - b);
    expect(distances.length).toBeGreaterThan(20);
    // Two different photos differ by 19 bits or more as a rule (grouping/rule.ts); one photo here by far fewer.
    expect(distances.at(-1)).toBeLessThanOrEqual(12);
    expect(distances[Math.floor(distances.length / 2)]).toBeLessThanOrEqual(6);
  });
});
