import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { corpusWithinBox } from '../../../test/support/corpusWithinBox';
import { writePixelLayouts } from '../../../test/support/pixelLayouts';
import { decodedPixelHash, pixelHashOfUpright } from '../grouping/fingerprint';
import { smallThumbnail } from './smallThumbnail';
import { sniffFileFormat } from './sniff';
import { thumbnailBytes } from './thumbnails';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function both(path: string) {
  const bytes = readFileSync(path);
  return smallThumbnail(path, sniffFileFormat(bytes.subarray(0, 4096), path)!, bytes);
}

describe('a small picture thumbnailed from one decode', () => {
  it("gives thumbnailBytes' bytes and decodedPixelHash's bits, in every pixel layout", async () => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-small-thumb-'));
    const corpus = await corpusWithinBox();
    // EXIF-rotated JPEGs and WebP, an APNG with alpha, animated WebP, a PNG named .jpg, greyscale PNG…
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    const paths = [...corpus, ...(await writePixelLayouts(dir))];
    for (const path of paths) {
      const made = await both(path);
      expect(made, path).not.toBeNull();
      expect(made!.thumbnail.equals(await thumbnailBytes(path, 'thumb', readFileSync(path))), path).toBe(
        true,
      );
      expect(pixelHashOfUpright(made!.pixels), path).toBe(await decodedPixelHash(path));
    }
  });

  it('is no help for a picture that does not fit, nor for a broken one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-small-thumb-'));
    const wide = join(dir, 'wide.png');
    await sharp(corpusPath('photos/animal_sheep-grazing-in-field.jpg'))
      .resize(321, 100, { fit: 'fill' })
      .png()
      .toFile(wide);
    expect(await both(wide)).toBeNull();
    const broken = corpusPath('broken/png_bad-crc32.png');
    const reason = await thumbnailBytes(broken, 'thumb').then(
      () => 'no error',
      (error: Error) => error.message,
    );
    await expect(both(broken)).rejects.toThrow(reason);
  });
});
