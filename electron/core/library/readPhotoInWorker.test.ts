import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyCorpus } from '../../../test/support/libraryHarness';
import { readPhoto } from './hashFile';
import { readPhotoInWorker } from './readPhotoInWorker';

const PHOTOS = [
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'photos/animal_tabby-cat-face_pentax-exif-in-png.png',
  'formats/webp_lossy_sunset-over-sea.webp',
  'formats/heic_stonehenge_nikon-exif_gps_300x200.heic',
];

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("readPhoto with the worker's blocking reads", () => {
  it('gives what readPhoto gives: the hash, the bytes up to the limit, none past it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-read-in-worker-'));
    for (const [i, photo] of PHOTOS.entries()) {
      const path = copyCorpus(photo, join(dir, `${i}-${photo.split('/').pop()}`));
      const expected = await readPhoto(path);
      const read = await readPhotoInWorker(path);
      expect(read.hash, photo).toBe(expected.hash);
      expect(read.bytes?.equals(readFileSync(path)), photo).toBe(true);
      expect(await readPhotoInWorker(path, 1000), photo).toEqual({ hash: expected.hash, bytes: null });
      const size = read.bytes!.length;
      expect((await readPhotoInWorker(path, size)).bytes?.equals(read.bytes!), photo).toBe(true);
      expect(await readPhotoInWorker(path, size - 1), photo).toEqual({ hash: expected.hash, bytes: null });
    }
  });

  it('refuses what is not a file at once, a FIFO included (no wait for a writer), and a missing one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-read-in-worker-'));
    const fifo = join(dir, 'pipe.jpg');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expect(readPhotoInWorker(fifo)).rejects.toThrow(/is not a file/);
    await expect(readPhotoInWorker(dir)).rejects.toThrow(/is not a file/);
    await expect(readPhotoInWorker(join(dir, 'gone.jpg'))).rejects.toThrow(/ENOENT/);
  });
});
