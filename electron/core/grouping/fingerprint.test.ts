import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { ThumbnailStore } from '../imaging/thumbnails';
import { differenceHash, fingerprintOf, fingerprintOfThumbnailBytes } from './fingerprint';

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
