import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { ThumbnailStore } from '../imaging/thumbnails';
import {
  decodedPixelHash,
  differenceHash,
  fingerprintOf,
  fingerprintOfThumbnailBytes,
  toneOf,
} from './fingerprint';
import { IDENTITY_TONE_TOLERANCE } from './groupingService';

const dir = mkdtempSync(join(tmpdir(), 'shoebox-fingerprint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = [
  'exif/orientation-6_rotate-90cw_grace-hopper.jpg',
  'exif/orientation-6_in-webp_grace-hopper.webp',
  'exif/gps_iphone4s_lens-info_orient6_thumbnail-size.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'photos/animal_tabby-cat-face_pentax-exif-in-png.png',
  'formats/webp_lossy_sunset-over-sea.webp',
];

describe("a thumbnail's fingerprint", () => {
  it.each(SAMPLES)('%s: the difference hash of its thumbnail, orientation included', async (source) => {
    const store = new ThumbnailStore(join(dir, 'thumbs'));
    const thumb = await store.ensure(source.replace(/\W/g, ''), corpusPath(source), 'thumb');
    expect((await fingerprintOf(thumb)).dhash).toBe(await differenceHash(thumb));
  });

  it.each(SAMPLES)('%s: the same from the thumbnail bytes in memory as from its file', async (source) => {
    const store = new ThumbnailStore(join(dir, 'thumbs'));
    const thumb = await store.ensure(source.replace(/\W/g, ''), corpusPath(source), 'thumb');
    expect(await fingerprintOfThumbnailBytes(readFileSync(thumb))).toEqual(await fingerprintOf(thumb));
  });
});

/** The mean grey of rows `row`..+3 and columns `col`..+4 of a 9×8 reduction, rounded. */
function quarterMean(grey: Buffer, row: number, col: number): number {
  let sum = 0;
  for (let r = row; r < row + 4; r++) for (let c = col; c <= col + 4; c++) sum += grey[r * 9 + c]!;
  return Math.round(sum / 20);
}

const tonesOf = (signature: number) => [0, 1, 2, 3].map((q) => toneOf(signature, q));

describe("a thumbnail's tones", () => {
  it.each(SAMPLES)(
    '%s: the mean grey of each quarter of the reduction its difference hash reads',
    async (source) => {
      const store = new ThumbnailStore(join(dir, 'thumbs'));
      const thumb = await store.ensure(source.replace(/\W/g, ''), corpusPath(source), 'thumb');
      const grey = await sharp(thumb)
        .greyscale()
        .resize(9, 8, { fit: 'fill', kernel: 'lanczos3' })
        .raw()
        .toBuffer();
      const { tones } = await fingerprintOf(thumb);
      expect(tonesOf(tones!)).toEqual([
        quarterMean(grey, 0, 0),
        quarterMean(grey, 0, 4),
        quarterMean(grey, 4, 0),
        quarterMean(grey, 4, 4),
      ]);
    },
  );

  // The tolerance's measurement in small: all 81 readable corpus photos and their PNG, TIFF and lossless WebP
  // re-saves differed by at most 1; these are the JPEGs among them that differed by 1, and an upright copy.
  it.each([
    'photos/food_heart-shaped-chocolate-box.jpg',
    'exif/gps_iphone6plus_orient6_plain-wall_2448x2448.jpg',
    'exif/orientation-6_rotate-90cw_grace-hopper.jpg',
    'photos/night_roebling-suspension-bridge-cincinnati_olympus.jpg',
  ])('%s and its PNG re-save: identical pixels, tones within the tolerance', async (source) => {
    const original = corpusPath(source);
    const copy = join(dir, `${source.replace(/\W/g, '')}.png`);
    await sharp(original).rotate().png().toFile(copy);
    expect(await decodedPixelHash(copy)).toBe(await decodedPixelHash(original));
    const store = new ThumbnailStore(join(dir, 'thumbs'));
    const [a, b] = await Promise.all([
      store.ensure(`a${source.replace(/\W/g, '')}`, original, 'thumb').then(fingerprintOf),
      store.ensure(`b${source.replace(/\W/g, '')}`, copy, 'thumb').then(fingerprintOf),
    ]);
    const apart = tonesOf(a.tones!).map((tone, q) => Math.abs(tone - tonesOf(b.tones!)[q]!));
    expect(Math.max(...apart)).toBeLessThanOrEqual(IDENTITY_TONE_TOLERANCE);
  });
});
