// Issue 11: files crafted or damaged to cost memory, time or money.
import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { withByteReader, type ByteReader } from './byteReader';
import { MAX_INPUT_PIXELS } from './decode';
import { UnreadableImageError } from './errors';
import { assertJpegBytesComplete, assertJpegComplete } from './format';
import { prepareUpload, ThumbnailStore } from './index';

const scratch = mkdtempSync(join(tmpdir(), 'shoebox-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A sparse file of `size` bytes that starts like a real JPEG (and optionally ends with its end marker). */
function sparseJpeg(name: string, size: number, source: string, withEnd: boolean): string {
  const path = join(scratch, name);
  const head = readFileSync(corpusPath(source)).subarray(0, 64 * 1024);
  writeFileSync(path, head);
  truncateSync(path, size);
  if (withEnd) {
    const fd = openSync(path, 'r+');
    try {
      writeSync(fd, Buffer.from([0xff, 0xd9]), 0, 2, size - 2);
    } finally {
      closeSync(fd);
    }
  }
  return path;
}

/** The reader the check uses, counting what it reads. */
async function countingCheck(path: string): Promise<{ outcome: unknown; bytesRead: number }> {
  let bytesRead = 0;
  const outcome = await withByteReader(path, async (reader) => {
    const counting: ByteReader = {
      size: reader.size,
      read: async (position, length) => {
        const bytes = await reader.read(position, length);
        bytesRead += bytes.length;
        return bytes;
      },
    };
    return assertJpegBytesComplete(counting).then(
      () => 'complete',
      (error: unknown) => error,
    );
  });
  return { outcome, bytesRead };
}

/** `bytes` with every `ispe` box (a HEIF image's stated size) claiming width × height. */
function withStatedSize(bytes: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(bytes);
  for (let at = out.indexOf('ispe'); at !== -1; at = out.indexOf('ispe', at + 4)) {
    out.writeUInt32BE(width, at + 8);
    out.writeUInt32BE(height, at + 12);
  }
  return out;
}

describe('hostile files', () => {
  it('checks a 3 GB JPEG-headed file by its head and tail only, with a clear reason', async () => {
    const cut = sparseJpeg('huge-cut.jpg', 3 * 2 ** 30, 'photos/animal_squirrel-on-branch.jpg', false);
    const { outcome, bytesRead } = await countingCheck(cut);
    expect(outcome).toBeInstanceOf(UnreadableImageError);
    expect(String(outcome)).toMatch(/truncated/);
    expect(bytesRead).toBeLessThan(256 * 1024);
    // Through the real path too: no Node "file too large" error.
    await expect(assertJpegComplete(cut)).rejects.toThrow(/image data is truncated/);

    const ended = sparseJpeg('huge-ended.jpg', 3 * 2 ** 30, 'photos/animal_squirrel-on-branch.jpg', true);
    const baseline = await countingCheck(ended);
    expect(baseline.outcome).toBe('complete');
    expect(baseline.bytesRead).toBeLessThan(256 * 1024);
  });

  it('still finds a progressive JPEG cut short, reading it a window at a time', async () => {
    const { outcome } = await countingCheck(corpusPath('broken/truncated_progressive-jpeg_video-frame.jpeg'));
    expect(String(outcome)).toMatch(/incomplete .*progressive/);
    expect((await countingCheck(corpusPath('formats/jpeg_progressive_eiffel-tower.jpg'))).outcome).toBe(
      'complete',
    );
  });

  it('refuses a truncated HEIC, whose missing tiles libheif would paint green, with the reason', async () => {
    const whole = readFileSync(corpusPath('formats/heic_iphone-xr_color-checker-chart.heic'));
    const cut = join(scratch, 'cut.heic');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(prepareUpload(cut, 1024)).rejects.toThrow(
      /image data is truncated \(the file ends inside its 'mdat' box\)/,
    );
    const store = new ThumbnailStore(join(scratch, 'thumbs'));
    await expect(store.ensure('c'.repeat(64), cut, 'thumb')).rejects.toBeInstanceOf(UnreadableImageError);

    // An mdat that says "to the end of the file" hides the cut from the box sizes; the item locations do not.
    const open = Buffer.from(whole.subarray(0, Math.floor(whole.length * 0.6)));
    open.writeUInt32BE(0, open.indexOf('mdat') - 4);
    const hidden = join(scratch, 'hidden-cut.heic');
    writeFileSync(hidden, open);
    await expect(prepareUpload(hidden, 1024)).rejects.toThrow(
      /the file ends before the picture data it points to/,
    );

    const complete = join(scratch, 'whole.heic');
    copyFileSync(corpusPath('formats/heic_iphone-xr_color-checker-chart.heic'), complete);
    expect((await prepareUpload(complete, 512)).width).toBe(512);
  });

  it('refuses a HEIC over the pixel limit sharp applies to every other photo, before decoding it', async () => {
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 1;
    const whole = readFileSync(corpusPath('formats/heic_stonehenge_nikon-exif_gps_300x200.heic'));
    const huge = join(scratch, 'huge.heic');
    writeFileSync(huge, withStatedSize(whole, side, side));
    await expect(prepareUpload(huge, 1024)).rejects.toThrow(
      new RegExp(`image is too large \\(${side} × ${side} pixels; the limit is 268,402,689\\)`),
    );
  });
});
