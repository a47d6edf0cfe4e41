// A small photo's pixel hash made where ingest decodes it, from the bytes in hand: the same bits as grouping's
// deferred decodedPixelHash, so that grouping needs no second read and decode of it; larger photos keep the
// deferred path.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../../../test/support/cleanups';
import { corpusPath } from '../../../test/support/corpus';
import { makeHarness } from '../../../test/support/libraryHarness';
import { writePixelLayouts } from '../../../test/support/pixelLayouts';
import { waitFor } from '../../../test/support/waitFor';
import { systemClock } from '../clock';
import { EventBus } from '../events';
import { decodedPixelHash } from '../grouping/fingerprint';
import { createBurstGrouping, type BurstGrouping } from '../grouping/index';
import { ThumbnailStore } from '../imaging/thumbnails';
import { silentLog } from '../log';
import { findReadablePathById } from '../stores/photosStore';
import { createHashPool, type HashPool } from './hashPool';
import type { IngestGrouping } from './ingest';

const cleanups = cleanupsAfterEach();
const tempDir = () => cleanups.tempDir('shoebox-pixel-hash-');

/** A worker pool, or (size 0) the in-process path taken where workers cannot start. */
function hashPool(size: number): HashPool {
  const pool = createHashPool(size);
  cleanups.add(() => pool.close());
  return pool;
}

const SHEEP = 'photos/animal_sheep-grazing-in-field.jpg';

/** Corpus photos within the thumbnail's box: rotated JPEGs and WebP, an APNG with alpha, a PNG named .jpg. */
const SMALL_CORPUS = [
  'exif/orientation-6_rotate-90cw_grace-hopper.jpg',
  'exif/orientation-5_transpose_grace-hopper.jpg',
  'exif/gps_iphone4s_lens-info_orient6_thumbnail-size.jpg',
  'exif/orientation-6_in-webp_grace-hopper.webp',
  'formats/apng_animated_41-frames_3d-character.png',
  'broken/wrong-ext_png-photo-named-jpg.jpg',
];

async function decodedFingerprint(pool: HashPool, path: string, thumbs: string) {
  const read = await pool.read(path);
  const target = join(thumbs, read.hash.slice(0, 2), `${read.hash}-thumb.webp`);
  const decoded = await pool.decode(path, read.bytes ?? readFileSync(path), target, true);
  if (decoded.kind !== 'decoded') throw new Error(`${path}: ${JSON.stringify(decoded)}`);
  return decoded.fingerprint;
}

describe("a small photo's pixel hash, made with its thumbnail", () => {
  for (const [where, size] of [
    ['in the hash pool worker', 1],
    ['on the main thread where workers cannot start', 0],
  ] as const) {
    it(`has the bits decodedPixelHash reads from the file, ${where}`, async () => {
      const pool = hashPool(size);
      const dir = tempDir();
      const photos = [...SMALL_CORPUS.map(corpusPath), ...(await writePixelLayouts(dir))];
      for (const path of photos) {
        const fingerprint = await decodedFingerprint(pool, path, join(dir, 'thumbs'));
        expect(fingerprint?.pixelHash, path).toMatch(/^[0-9a-f]{64}$/);
        expect(fingerprint?.pixelHash, path).toBe(await decodedPixelHash(path));
        // Its thumbnail found made (a copy of a photo read before): the hash decodes on its own, same bits.
        const again = await decodedFingerprint(pool, path, join(dir, 'thumbs'));
        expect(again, path).toEqual(fingerprint);
      }
      expect(pool.offThread).toBe(size !== 0);
    });
  }

  it('is left to the deferred check for a photo larger than the thumbnail box', async () => {
    const pool = hashPool(1);
    const dir = tempDir();
    const justOver = join(dir, 'just-over.jpg');
    await sharp(corpusPath(SHEEP)).resize(321, 200, { fit: 'fill' }).jpeg().toFile(justOver);
    const rotatedOver = join(dir, 'rotated-over.jpg');
    // Stored 200 × 321 and turned by its orientation tag: upright it is 321 wide, still over the box.
    await sharp(corpusPath(SHEEP))
      .resize(200, 321, { fit: 'fill' })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(rotatedOver);
    for (const path of [corpusPath(SHEEP), justOver, rotatedOver]) {
      const fingerprint = await decodedFingerprint(pool, path, join(dir, 'thumbs'));
      expect(fingerprint?.dhash, path).toMatch(/^[0-9a-f]{16}$/);
      expect(fingerprint?.pixelHash, path).toBeNull();
    }
  });
});

describe('a scan of small look-alikes', () => {
  let grouping: BurstGrouping | undefined;
  afterEach(async () => {
    await grouping?.stop();
    grouping = undefined;
  });

  it('groups a small JPEG and its PNG copy with no deferred decode; a large pair takes that path', async () => {
    const pool = hashPool(1);
    const dir = tempDir();
    const thumbs = new ThumbnailStore(join(dir, 'thumbs'));
    // Ingest is built before the grouping that needs its database: the seam hands calls on once both exist.
    const seam: IngestGrouping = {
      fingerprint: (hash, path) => grouping!.ingest.fingerprint(hash, path),
      placeNewPhoto: (photoId, fingerprint) => grouping!.ingest.placeNewPhoto(photoId, fingerprint),
    };
    const h = makeHarness({
      library: { readPhoto: pool.read, grouping: seam },
      imaging: (base) => ({
        ...base,
        decodeNew: (hash, path, bytes, withFingerprint, withWords) =>
          pool.decode(path, bytes, thumbs.pathFor(hash, 'thumb'), withFingerprint, withWords),
      }),
    });
    cleanups.add(() => h.cleanup());
    const deferred: string[] = [];
    const logged: Array<[string, unknown]> = [];
    grouping = createBurstGrouping({
      db: h.db,
      clock: systemClock,
      log: { ...silentLog, info: (message, fields) => logged.push([message, fields]) },
      events: new EventBus(),
      enabled: () => true,
      thumbnail: (hash, path) => thumbs.ensure(hash, path, 'thumb'),
      sourcePath: (photoId) => findReadablePathById(h.db, photoId),
      pixelHash: (path) => {
        deferred.push(path);
        return pool.pixelHash(path);
      },
    });

    const root = join(h.dir, 'Photos');
    mkdirSync(root);
    const small = join(root, 'small.jpg');
    await sharp(corpusPath(SHEEP)).resize(240, 140).jpeg({ quality: 85 }).toFile(small);
    const smallCopy = join(root, 'small-copy.png');
    await sharp(small).png().toFile(smallCopy);
    const large = join(root, 'large.jpg');
    copyFileSync(corpusPath(SHEEP), large);
    const largeCopy = join(root, 'large-copy.png');
    await sharp(large).png().toFile(largeCopy);
    await h.library.addFolder(root);
    await h.library.whenIdle();

    type Row = {
      path: string;
      photoId: number;
      pixelHash: string | null;
      leaderId: number | null;
      reason: string | null;
    };
    const rows = () =>
      h.db
        .prepare(
          `SELECT f.path, f.photo_id AS photoId, fp.pixel_hash AS pixelHash, m.leader_id AS leaderId, m.reason
             FROM files f JOIN photo_fingerprints fp ON fp.photo_id = f.photo_id
             LEFT JOIN burst_members m ON m.photo_id = f.photo_id ORDER BY f.path`,
        )
        .all() as Row[];
    await waitFor('both pairs grouped', () => rows().filter((r) => r.reason !== null).length === 2);
    const byPath = new Map(rows().map((r) => [r.path, r]));
    for (const pair of [
      [small, smallCopy],
      [large, largeCopy],
    ]) {
      const [a, b] = pair.map((path) => byPath.get(path)!);
      expect(a!.pixelHash, pair[0]).toBe(b!.pixelHash);
      // One follows the other, whichever the scan met first.
      const follower = a!.reason ? a! : b!;
      const leader = follower === a ? b! : a!;
      expect(follower, pair[0]).toMatchObject({ reason: 'identical', leaderId: leader.photoId });
      expect(leader.reason, pair[0]).toBeNull();
    }
    expect(byPath.get(small)!.pixelHash).toBe(await decodedPixelHash(small));
    // The small photos' hashes came with their fingerprints; only the large pair was read and decoded again.
    expect(deferred.toSorted()).toEqual([large, largeCopy].toSorted());
    await waitFor('the checks to run dry', () => logged.length > 0);
    expect(logged).toEqual([['identity checks decoded originals', { count: 2 }]]);
  });
});
