import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { writeSparseJpeg } from '../../../test/support/hostileFiles';
import type { ByteReader } from './byteReader';
import { jpegHeaderGap } from './jpegHeaders';
import { probeImage } from './probe';

/** A reader over `head` followed by zeros up to `size`, counting what it is asked for. */
function countingReader(head: Uint8Array, size: number): ByteReader & { bytesRead: number } {
  const reader = {
    size,
    bytesRead: 0,
    read: async (position: number, length: number) => {
      const wanted = Math.max(0, Math.min(length, size - position));
      const out = new Uint8Array(wanted);
      if (position < head.length) out.set(head.subarray(position, position + wanted));
      reader.bytesRead += wanted;
      return out;
    },
  };
  return reader;
}

const dir = mkdtempSync(join(tmpdir(), 'shoebox-jpeg-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JPEG headers', () => {
  it('lead to the picture data in real photos', async () => {
    for (const name of ['photos/food_fig-in-red-bowl.jpg', 'photos/animal_squirrel-on-branch.jpg']) {
      const bytes = readFileSync(corpusPath(name));
      expect(await jpegHeaderGap(countingReader(bytes, bytes.length)), name).toBeNull();
    }
  });

  it('find in kilobytes that a 3 GB JPEG-headed file has no picture data', async () => {
    const sparse = join(dir, 'head.jpg');
    writeSparseJpeg(sparse, 4096);
    const reader = countingReader(readFileSync(sparse).subarray(0, 64), 3 * 2 ** 30);
    expect(await jpegHeaderGap(reader)).toMatch(/no image data/);
    expect(reader.bytesRead).toBeLessThan(256 * 1024);
  });

  it('name the sample precision of a 12-bit JPEG, which libvips cannot decode, before sharp is asked', async () => {
    const path = corpusPath('formats/jpeg_12bit-precision_rose.jpg');
    const bytes = readFileSync(path);
    expect(await jpegHeaderGap(countingReader(bytes, bytes.length))).toMatch(/precision 12/);
    await expect(probeImage(path, bytes)).rejects.toThrow(/precision 12/);
  });

  it('refuse no JPEG of the corpus that sharp decodes', async () => {
    let decoded = 0;
    for (const folder of ['formats', 'photos', 'exif']) {
      for (const name of readdirSync(corpusPath(folder)).filter((n) => /\.jpe?g$/i.test(n))) {
        const bytes = readFileSync(corpusPath(`${folder}/${name}`));
        const decodes = await sharp(bytes, { failOn: 'error' })
          .raw()
          .toBuffer()
          .then(
            () => true,
            () => false,
          );
        if (!decodes) continue;
        decoded++;
        expect(await jpegHeaderGap(countingReader(bytes, bytes.length)), name).toBeNull();
      }
    }
    expect(decoded).toBeGreaterThan(10);
  });

  it('let the probe refuse such a file before sharp reads it', async () => {
    const sparse = join(dir, 'sparse.jpg');
    writeSparseJpeg(sparse, 2 ** 30);
    const before = process.memoryUsage().rss;
    await expect(probeImage(sparse)).rejects.toThrow(/no image data/);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
  });
});
