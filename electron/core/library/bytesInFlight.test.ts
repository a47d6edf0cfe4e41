// Many photos are in flight at once during a scan (index.ts, INGEST_CONCURRENCY); what they hold is bounded by
// bytes (ByteBudget): a photo takes its size before it is read and gives it back once its decode is done.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { copyCorpus, makeHarness, type Harness } from '../../../test/support/libraryHarness';
import { readPhoto } from './hashFile';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const PHOTOS = [
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'exif/metadata_iptc.jpg',
  'photos/animal_tabby-cat-face_pentax-exif-in-png.png',
  'exif/metadata_xmp.jpg',
];

/**
 * Adds a folder of the corpus photos to a library whose photos may hold `budget(smallest file)` bytes at once;
 * returns the most photos read and not yet decoded at any one time (a read starts a photo's hold; the end of
 * its words, the decode's last step here, ends it).
 */
async function mostHeldAtOnce(budget: (smallest: number) => number): Promise<number> {
  let held = 0;
  let most = 0;
  const slow = () => new Promise((resolve) => setTimeout(resolve, 5));
  const smallest = Math.min(...PHOTOS.map((source) => statSync(corpusPath(source)).size));
  h = makeHarness({
    library: {
      bytesInFlight: budget(smallest),
      readPhoto: async (path) => {
        held++;
        most = Math.max(most, held);
        await slow();
        return readPhoto(path);
      },
    },
    imaging: (base) => ({
      ...base,
      async readExisting() {
        await slow();
        held--;
        return { caption: null, keywords: [], captionSource: null, keywordSource: null };
      },
    }),
  });
  const root = join(h.dir, 'Photos');
  PHOTOS.forEach((source, i) => copyCorpus(source, join(root, `photo-${i}.${source.split('.').pop()}`)));
  await h.library.addFolder(root);
  await h.library.whenIdle();
  expect(h.db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(PHOTOS.length);
  return most;
}

describe('the bytes photos in flight hold', () => {
  it('reads several photos at once when the budget holds them all', async () => {
    expect(await mostHeldAtOnce(() => 1 << 30)).toBeGreaterThan(1);
  });

  it('reads one photo at a time when the budget holds only the smallest, and still catalogues every one', async () => {
    expect(await mostHeldAtOnce((smallest) => smallest)).toBe(1);
  });
});
