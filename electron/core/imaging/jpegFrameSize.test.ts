import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../../test/support/corpus';
import { jpegFrameSize } from './jpegFrameSize';
import { probeImage } from './probe';

const JPEGS = readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' })
  .filter((name) => /\.jpe?g$/i.test(name))
  .map((name) => join(CORPUS_DIR, name))
  .sort();

async function outcome<T>(work: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

describe("a JPEG's size from its frame header", () => {
  it("is libvips' size for every JPEG of the corpus where it is read, and the probe from bytes is the file's", async () => {
    expect(JPEGS.length).toBeGreaterThan(30);
    let read = 0;
    for (const path of JPEGS) {
      const name = relative(CORPUS_DIR, path);
      const bytes = readFileSync(path);
      const frame = jpegFrameSize(bytes);
      if (frame) {
        read++;
        const meta = await sharp(bytes, { pages: 1 }).metadata();
        expect(frame, name).toEqual({ width: meta.width, height: meta.height });
      }
      // From the bytes (the frame header) and from the file (sharp's metadata): the same outcome, broken files too.
      expect(await outcome(() => probeImage(path, bytes)), name).toEqual(
        await outcome(() => probeImage(path)),
      );
    }
    // Nearly every JPEG is read from its header; the rest go to libvips.
    expect(read).toBeGreaterThan(JPEGS.length * 0.8);
  });

  it('gives up on what it does not know, for libvips to read', () => {
    const header = (code: number, precision = 8, height = 48, width = 64) =>
      Uint8Array.from([
        0xff,
        0xd8,
        0xff,
        code,
        0,
        11,
        precision,
        height >> 8,
        height & 255,
        width >> 8,
        width & 255,
        1,
        1,
        0x11,
        0,
      ]);
    expect(jpegFrameSize(header(0xc0))).toEqual({ width: 64, height: 48 });
    expect(jpegFrameSize(header(0xc2))).toEqual({ width: 64, height: 48 });
    // Arithmetic-coded, lossless, 12-bit, a height a DNL marker gives later, not a JPEG, cut short.
    expect(jpegFrameSize(header(0xc9))).toBeNull();
    expect(jpegFrameSize(header(0xc3))).toBeNull();
    expect(jpegFrameSize(header(0xc0, 12))).toBeNull();
    expect(jpegFrameSize(header(0xc0, 8, 0))).toBeNull();
    expect(jpegFrameSize(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(jpegFrameSize(header(0xc0).subarray(0, 7))).toBeNull();
    // A scan before any frame header, and junk between segments.
    expect(jpegFrameSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
    expect(jpegFrameSize(Uint8Array.from([0xff, 0xd8, 0x00, 0xff, 0xc0, 0, 11, 8, 0, 1, 0, 1]))).toBeNull();
  });
});
