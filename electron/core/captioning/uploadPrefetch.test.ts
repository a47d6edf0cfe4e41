import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/waitFor';
import { dataUrlPayload, jpegDataUrl } from '../imaging/dataUrl';
import type { UploadImage } from './outcomes';
import { createUploadPrefetch, type UploadSettings } from './uploadPrefetch';

const SETTINGS: UploadSettings = { maxSide: 512, keepMetadata: false };
/** Files that never change: these tests name files that are not on disk. */
const unchanged = () => Promise.resolve('unchanged');
/** An upload whose bytes say which file (or which preparation) it came from. */
const uploadOf = (content: string): UploadImage => ({
  dataUrl: jpegDataUrl(Buffer.from(content)),
  width: 1,
  height: 1,
});
const contentOf = (upload: UploadImage) => dataUrlPayload(upload.dataUrl).toString();

describe('upload prefetch', () => {
  it('looks up the file only of jobs it has not prepared yet, and hands each prepared upload out once', async () => {
    let queue = [1, 2, 3, 4, 5, 6];
    const lookedUp: number[] = [];
    const prepared: string[] = [];
    const prefetch = createUploadPrefetch({
      makeUpload: (path) => {
        prepared.push(path);
        return Promise.resolve(uploadOf(path));
      },
      upcoming: (count) => queue.slice(0, count),
      pathOf: (photoId) => {
        lookedUp.push(photoId);
        return photoId === 4 ? null : `/photos/${photoId}.jpg`;
      },
      stampOf: unchanged,
    });
    prefetch.fill(3, SETTINGS);
    expect(lookedUp).toEqual([1, 2, 3]);
    // Job 1 is claimed; the next fill asks only about the one new job (4: gone from disk, not prepared).
    expect(contentOf(await prefetch.take(1, '/photos/1.jpg', SETTINGS))).toBe('/photos/1.jpg');
    queue = queue.slice(1);
    prefetch.fill(3, SETTINGS);
    expect(lookedUp).toEqual([1, 2, 3, 4]);
    expect(prepared).toEqual(['/photos/1.jpg', '/photos/2.jpg', '/photos/3.jpg']);
    // Taken once: a second take prepares afresh.
    await prefetch.take(1, '/photos/1.jpg', SETTINGS);
    expect(prepared).toHaveLength(4);
    // Other settings than those it was prepared with: prepared again.
    await prefetch.take(2, '/photos/2.jpg', { maxSide: 1024, keepMetadata: false });
    expect(prepared).toHaveLength(5);
  });

  it('warms a claimed job once, and a later fill does not prepare it again', async () => {
    const prepared: string[] = [];
    const prefetch = createUploadPrefetch({
      makeUpload: (path) => {
        prepared.push(path);
        return Promise.resolve(uploadOf(path));
      },
      upcoming: () => [7, 8],
      pathOf: (photoId) => `/photos/${photoId}.jpg`,
      stampOf: unchanged,
    });
    prefetch.warm(7, SETTINGS);
    prefetch.warm(7, SETTINGS);
    prefetch.fill(2, SETTINGS);
    expect(prepared).toEqual(['/photos/7.jpg', '/photos/8.jpg']);
    expect(contentOf(await prefetch.take(7, '/photos/7.jpg', SETTINGS))).toBe('/photos/7.jpg');
    expect(prepared).toHaveLength(2);
  });

  it('prepares again a file changed on disk since its upload was prepared, and asks which jobs may wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-prefetch-'));
    try {
      const file = join(dir, 'photo.jpg');
      writeFileSync(file, 'first');
      const prepared: string[] = [];
      const asked: boolean[] = [];
      const prefetch = createUploadPrefetch({
        makeUpload: (path) => {
          prepared.push(readFileSync(path, 'utf8'));
          return Promise.resolve(uploadOf(String(prepared.length)));
        },
        upcoming: (_count, evenAwaitingApproval) => {
          asked.push(evenAwaitingApproval);
          return [1];
        },
        pathOf: () => file,
      });
      prefetch.fill(1, SETTINGS, true);
      expect(asked).toEqual([true]);
      expect(prefetch.held()).toBe(1);
      await waitFor('the first preparation', () => prepared.length === 1 || undefined);
      // The user edits the photo while the queue waits for a yes: the upload of the old pixels is not sent.
      writeFileSync(file, 'second, longer');
      utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      expect(contentOf(await prefetch.take(1, file, SETTINGS))).toBe('2');
      expect(prepared).toEqual(['first', 'second, longer']);
      // An unchanged file's prepared upload is used as it is.
      prefetch.fill(1, SETTINGS);
      expect(asked).toEqual([true, false]);
      expect(contentOf(await prefetch.take(1, file, SETTINGS))).toBe('3');
      expect(prepared).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds a fill asked for soon until the delay is over, once, with the newest count; fills at once when nothing is held', async () => {
    const asked: number[] = [];
    let next = 1;
    const prefetch = createUploadPrefetch({
      makeUpload: (path) => Promise.resolve(uploadOf(path)),
      upcoming: (count) => {
        asked.push(count);
        return Array.from({ length: count }, (_, i) => next + i);
      },
      pathOf: (photoId) => `/photos/${photoId}.jpg`,
      stampOf: unchanged,
    });
    // Nothing is held yet: the next request would wait for sharp, so the fill goes now whatever the delay.
    prefetch.fillSoon(2, SETTINGS, 60_000);
    expect(asked).toEqual([2]);
    expect(prefetch.held()).toBe(2);
    // Something is held: three asks in one round are one fill, a little later, with the newest count.
    prefetch.fillSoon(2, SETTINGS, 40);
    prefetch.fillSoon(3, SETTINGS, 40);
    prefetch.fillSoon(4, SETTINGS, 40);
    expect(asked).toEqual([2]);
    await waitFor('the held fill', () => asked.length === 2 || undefined);
    expect(asked).toEqual([2, 4]);
    expect(prefetch.held()).toBe(4);
    // A delay of nothing (a provider that answers at once) fills now.
    next = 5;
    prefetch.fillSoon(1, SETTINGS, 0);
    expect(asked).toEqual([2, 4, 1]);
  });

  it('drops a fill it was holding when cleared (the queue stopped)', async () => {
    const asked: number[] = [];
    const prefetch = createUploadPrefetch({
      makeUpload: (path) => Promise.resolve(uploadOf(path)),
      upcoming: (count) => {
        asked.push(count);
        return [1];
      },
      pathOf: (photoId) => `/photos/${photoId}.jpg`,
      stampOf: unchanged,
    });
    prefetch.fill(1, SETTINGS);
    prefetch.fillSoon(3, SETTINGS, 20);
    prefetch.clear();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(asked).toEqual([1]);
    expect(prefetch.held()).toBe(0);
  });
});
