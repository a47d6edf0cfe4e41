import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isCandidateImageName, probeImage, ThumbnailStore } from '../imaging/index';
import { closeRawExiftool } from '../imaging/rawExiftool';
import { isStackPartner } from './rawPairs';
import { copyCorpus, count, makeHarness, type Harness } from '../../../test/support/libraryHarness';
import { findReadablePathById } from '../stores/photosStore';

const CR3 = 'formats/raw_cr3_canon-eos-r6_pruned-with-embedded-preview.cr3';
const CR2_WITHOUT_PREVIEW = 'formats/raw_cr2_canon-350d_metadata-only.cr2';
const JPEG = 'photos/animal_starfish-in-crate_lumia820_gps.jpg';
const OTHER_JPEG = 'exif/makernote_canon.jpg';

let harness: Harness | undefined;
let thumbDir = '';
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
  rmSync(thumbDir, { recursive: true, force: true });
});
afterAll(closeRawExiftool);

/** The library with Shoebox's real imaging (RAW previews through exiftool). */
function rawHarness(): Harness {
  thumbDir = mkdtempSync(join(tmpdir(), 'shoebox-raw-thumbs-'));
  return makeHarness({
    imaging: (base) => {
      const thumbnails = new ThumbnailStore(thumbDir);
      return {
        ...base,
        probe: async (path) => {
          base.probes.push(path);
          return probeImage(path);
        },
        makeThumbnail: async (hash, path) => {
          base.thumbs.push(hash);
          await thumbnails.ensure(hash, path, 'thumb');
        },
        isCandidateImageName,
      };
    },
  });
}

function photoIdAt(path: string): number | null | undefined {
  return harness!.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path) as
    number | null | undefined;
}

describe('RAW+JPEG stacks', () => {
  it('pairs only the same name in the same folder, RAW with JPEG', () => {
    expect(isStackPartner('/p/IMG_1.CR3', '/p/IMG_1.JPG')).toBe(true);
    expect(isStackPartner('/p/IMG_1.jpeg', '/p/IMG_1.nef')).toBe(true);
    expect(isStackPartner('/p/IMG_1.CR3', '/p/IMG_1.edit.jpg')).toBe(false);
    expect(isStackPartner('/p/IMG_1.CR3', '/p/IMG_12.JPG')).toBe(false);
    expect(isStackPartner('/p/IMG_1.CR3', '/p/IMG_1.CR2')).toBe(false);
    expect(isStackPartner('/p/IMG_1.JPG', '/p/IMG_1.png')).toBe(false);
    expect(isStackPartner('/p/IMG_1.CR3', '/p/IMG_1./x.jpg')).toBe(false);
  });

  it('makes one photo with one job of a pair, whichever half is ingested first', async () => {
    const h = rawHarness();
    harness = h;
    const root = join(h.dir, 'Photos');
    copyCorpus(CR3, join(root, 'a', 'IMG_0001.CR3'));
    copyCorpus(JPEG, join(root, 'a', 'IMG_0001.JPG'));
    copyCorpus(JPEG, join(root, 'b', 'DSC_0001.jpg'));
    copyCorpus(CR3, join(root, 'b', 'DSC_0001.cr3'));
    // Same names in different folders, and different names in one folder, are separate photos.
    copyCorpus(OTHER_JPEG, join(root, 'c', 'IMG_0001.JPG'));
    copyCorpus(OTHER_JPEG, join(root, 'a', 'IMG_0002.JPG'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(photoIdAt(join(root, 'a', 'IMG_0001.CR3'))).toBe(photoIdAt(join(root, 'a', 'IMG_0001.JPG')));
    expect(photoIdAt(join(root, 'b', 'DSC_0001.cr3'))).toBe(photoIdAt(join(root, 'b', 'DSC_0001.jpg')));
    // a's pair, b's pair (its JPEG has the same bytes as a's JPEG: one photo by content), c and IMG_0002.
    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(2);
    expect(count(h.db, 'SELECT count(*) FROM caption_jobs')).toBe(2);
    expect(count(h.db, 'SELECT count(*) FROM files WHERE error IS NULL')).toBe(6);
  });

  it('joins a RAW that arrives after its JPEG to the JPEG’s photo', async () => {
    const h = rawHarness();
    harness = h;
    const root = join(h.dir, 'Photos');
    const jpeg = copyCorpus(JPEG, join(root, 'IMG_0001.JPG'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    const raw = copyCorpus(CR3, join(root, 'IMG_0001.CR3'));
    await h.library.rescan(1);
    await h.library.whenIdle();
    expect(photoIdAt(raw)).toBe(photoIdAt(jpeg));
    expect(count(h.db, 'SELECT count(*) FROM caption_jobs')).toBe(1);
  });

  it('takes the pictures of a pair from its JPEG, also when the RAW was catalogued first', async () => {
    const h = rawHarness();
    harness = h;
    const root = join(h.dir, 'Photos');
    const raw = copyCorpus(CR3, join(root, 'IMG_0001.CR3'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    const jpeg = copyCorpus(JPEG, join(root, 'IMG_0001.JPG'));
    await h.library.rescan(1);
    await h.library.whenIdle();
    expect(photoIdAt(jpeg)).toBe(photoIdAt(raw));
    expect(findReadablePathById(h.db, photoIdAt(raw)!)).toBe(jpeg);
  });

  it('lists a RAW without a usable preview as a second file of its JPEG, not as unreadable', async () => {
    const h = rawHarness();
    harness = h;
    const root = join(h.dir, 'Photos');
    const raw = copyCorpus(CR2_WITHOUT_PREVIEW, join(root, 'IMG_0001.CR2'));
    const jpeg = copyCorpus(JPEG, join(root, 'IMG_0001.JPG'));
    const lone = copyCorpus(CR2_WITHOUT_PREVIEW, join(root, 'IMG_0009.CR2'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(photoIdAt(raw)).toBe(photoIdAt(jpeg));
    expect(h.library.listUnreadable().map((file) => [file.path, file.reason])).toEqual([
      [lone, 'RAW file’s embedded preview is not a readable JPEG'],
    ]);
  });
});
