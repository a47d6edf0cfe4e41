import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPath } from '../../../test/support/corpus';
import { writePixelLayouts } from '../../../test/support/pixelLayouts';
import { decodedPixelHash, pixelHashOfUpright } from '../grouping/fingerprint';
import { smallThumbnail } from './smallThumbnail';
import { sniffFileFormat } from './sniff';
import { fitsThumbnailBox, thumbnailBytes } from './thumbnails';

/** Every corpus JPEG, PNG and WebP that fits in the thumbnail's box and makes a thumbnail (not the broken). */
async function corpusWithinBox(): Promise<string[]> {
  const found: string[] = [];
  for (const folder of readdirSync(CORPUS_DIR, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(join(CORPUS_DIR, folder.name))) {
      const path = join(CORPUS_DIR, folder.name, name);
      const bytes = readFileSync(path);
      const format = sniffFileFormat(bytes.subarray(0, 4096), path);
      if (format !== 'jpeg' && format !== 'png' && format !== 'webp') continue;
      const size = await sharp(bytes)
        .metadata()
        .then((meta) => meta.autoOrient)
        .catch(() => null);
      if (!size || !fitsThumbnailBox(size.width, size.height)) continue;
      if (
        await thumbnailBytes(path, 'thumb', bytes).then(
          () => true,
          () => false,
        )
      )
        found.push(path);
    }
  }
  return found;
}

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
