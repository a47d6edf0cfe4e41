// Issue 13, item 2: a new photo is read from disk once. The reader hashes it and hands over the bytes; the
// probe, the thumbnail and the existing-words reader get those very bytes (and, given bytes, never open the
// file: see imaging/fromBytes.test.ts). A file too large to hold is hashed in pieces and read where needed.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function harnessNoting(maxBytes?: number) {
  const reads: string[] = [];
  /** Per step, the sha256 of the bytes it was handed (null: it was handed none and read the file). */
  const handed: Record<'probe' | 'thumbnail' | 'words', Array<string | null>> = {
    probe: [],
    thumbnail: [],
    words: [],
  };
  const note = (step: keyof typeof handed, bytes: Buffer | undefined) =>
    handed[step].push(bytes ? sha256(bytes) : null);
  const harness = makeHarness({
    library: {
      readPhoto: async (path) => {
        reads.push(path);
        return readPhoto(path, maxBytes);
      },
    },
    imaging: (base) => ({
      ...base,
      async probe(path, bytes) {
        note('probe', bytes);
        return base.probe(path);
      },
      async makeThumbnail(hash, path, bytes) {
        note('thumbnail', bytes);
        return base.makeThumbnail(hash, path);
      },
      async readExisting(_path, bytes) {
        note('words', bytes);
        return { caption: null, keywords: [], captionSource: null, keywordSource: null };
      },
    }),
  });
  return { harness, reads, handed };
}

describe('a new photo is read once', () => {
  it('hashes each file once and hands its bytes to the probe, the thumbnail and the words', async () => {
    const noted = harnessNoting();
    h = noted.harness;
    const root = join(h.dir, 'Photos');
    PHOTOS.forEach((source, i) => copyCorpus(source, join(root, `photo-${i}.${source.split('.').pop()}`)));
    await h.library.addFolder(root);
    await h.library.whenIdle();

    const hashes = (h.db.prepare('SELECT hash FROM photos ORDER BY hash').pluck().all() as string[]).sort();
    expect(hashes).toHaveLength(PHOTOS.length);
    expect(noted.reads).toHaveLength(PHOTOS.length);
    for (const step of ['probe', 'thumbnail', 'words'] as const) {
      expect([...noted.handed[step]].sort()).toEqual(hashes);
    }
  });

  it('hands no bytes over for a file larger than the reader holds, and still catalogues it', async () => {
    const noted = harnessNoting(1024);
    h = noted.harness;
    const root = join(h.dir, 'Photos');
    copyCorpus(PHOTOS[0]!, join(root, 'large.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();

    expect(h.db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(1);
    expect(noted.handed).toEqual({ probe: [null], thumbnail: [null], words: [null] });
  });
});

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

// Many photos are in flight at once during a scan (index.ts, INGEST_CONCURRENCY); what they hold is bounded by
// bytes (ByteBudget): a photo takes its size before it is read and gives it back once its decode is done.
describe('the bytes photos in flight hold', () => {
  it('reads several photos at once when the budget holds them all', async () => {
    expect(await mostHeldAtOnce(() => 1 << 30)).toBeGreaterThan(1);
  });

  it('reads one photo at a time when the budget holds only the smallest, and still catalogues every one', async () => {
    expect(await mostHeldAtOnce((smallest) => smallest)).toBe(1);
  });
});

describe('readPhoto', () => {
  it('gives the sha256 of the whole file, with its bytes up to the limit and without them past it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-read-photo-'));
    try {
      const path = copyCorpus(PHOTOS[0]!, join(dir, 'photo.jpg'));
      const whole = await readPhoto(path);
      expect(whole.bytes).not.toBeNull();
      expect(whole.hash).toBe(sha256(whole.bytes!));
      const large = await readPhoto(path, 1000);
      expect(large).toEqual({ hash: whole.hash, bytes: null });
      // A limit of the file's exact size still holds it.
      expect((await readPhoto(path, whole.bytes!.length)).bytes?.equals(whole.bytes!)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
