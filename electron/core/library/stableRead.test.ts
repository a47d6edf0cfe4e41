// Issue 11, item 15: a file rewritten while it is ingested must not leave its new pixels under its old hash.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS, copyCorpus, makeHarness, type Harness } from '../../../test/support/libraryHarness';

const FIRST = 'exif/makernote_canon.jpg';
const SECOND = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('hash and decode read the same bytes', () => {
  it('catalogues the bytes it decoded and drops a thumbnail made from other bytes than its hash', async () => {
    /** Thumbnails still cached: hash -> sha256 of the bytes they were made from. */
    const cached = new Map<string, string>();
    let rewritten = false;
    h = makeHarness({
      imaging: (base) => ({
        ...base,
        async probe(path) {
          const result = await base.probe(path);
          // Another program saves over the photo between Shoebox's hash and its decode.
          if (!rewritten) {
            rewritten = true;
            copyFileSync(join(CORPUS, SECOND), path);
          }
          return result;
        },
        async makeThumbnail(hash, path) {
          await base.makeThumbnail(hash, path);
          cached.set(hash, sha256(path));
        },
        async discardThumbnail(hash) {
          cached.delete(hash);
        },
      }),
    });
    const root = join(h.dir, 'Photos');
    const photo = copyCorpus(FIRST, join(root, 'photo.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();

    const hashes = h.db.prepare('SELECT hash FROM photos').pluck().all() as string[];
    expect(hashes).toEqual([sha256(photo)]);
    for (const [hash, madeFrom] of cached) expect(madeFrom).toBe(hash);
    expect(cached.has(sha256(photo))).toBe(true);
  });
});
