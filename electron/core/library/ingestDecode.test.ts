import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../../../test/support/cleanups';
import { corpusPath } from '../../../test/support/corpus';
import { mountTmpfs } from '../../../test/support/tmpfsMount';
import { copyCorpus, makeHarness, type Harness } from '../../../test/support/libraryHarness';
import { silentLog } from '../log';
import { DiskSpace } from '../diskSpace/diskSpace';
import { decodedPixelHash, fingerprintOf } from '../grouping/fingerprint';
import { differenceHashOfPixels } from '../grouping/pixelDifferenceHash';
import { readExistingDescriptions } from '../imaging/existingMetadata';
import { MAX_SIDECAR_BYTES } from '../imaging/sidecarFile';
import { probeImage } from '../imaging/probe';
import { ThumbnailStore } from '../imaging/thumbnails';
import { handOver } from '../callProtocol';
import { createHashPool, type HashPool } from './hashPool';
import type { ImportedDescriptions } from '../review/importedMetadata';
import type { LibraryDisk } from './library';

const PHOTOS = [
  'photos/animal_sheep-grazing-in-field.jpg',
  'photos/street_leuven-old-town_iphone6_gps.jpg',
  'photos/animal_tabby-cat-face_pentax-exif-in-png.png',
  'formats/webp_lossy_sunset-over-sea.webp',
  'formats/webp_animated_42-frames_3d-character.webp',
];

/** Of PHOTOS, the one that fits in the thumbnail's box: its fingerprint carries its pixel hash. */
const WITHIN_THUMBNAIL_BOX = 'formats/webp_animated_42-frames_3d-character.webp';

/**
 * The fingerprint ingest's worker gives: the store thumbnail's bits; for a small photo, the difference hash of
 * its own upright pixels and their pixel hash.
 */
async function expectedFingerprint(photo: string, storeThumb: string) {
  if (photo !== WITHIN_THUMBNAIL_BOX) return { ...(await fingerprintOf(storeThumb)), pixelHash: null };
  const { data, info } = await sharp(corpusPath(photo), { pages: 1 })
    .rotate()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  return {
    dhash: differenceHashOfPixels({ data, width, height, channels }),
    pixelHash: await decodedPixelHash(corpusPath(photo)),
  };
}

const cleanups = cleanupsAfterEach();
const tempDir = () => cleanups.tempDir('shoebox-ingest-decode-');

function workerPool(): HashPool {
  const pool = createHashPool(1);
  cleanups.add(() => pool.close());
  return pool;
}

/** A 1 MB tmpfs under `dir`, unmounted after the test; the test is skipped where none can be mounted. */
function smallDisk(dir: string, ctx: { skip(): void }): { path: string } | null {
  const mounted = mountTmpfs(join(dir, 'data'), '1m');
  if ('refused' in mounted) {
    console.warn(`SKIPPED worker disk-full test: cannot mount a tmpfs here (${mounted.refused})`);
    ctx.skip();
    return null;
  }
  cleanups.add(() => mounted.unmount());
  return mounted;
}

describe("a new photo decoded in the hash pool's worker", () => {
  it('gives the probe, thumbnail file and fingerprint that the main-thread path gives', async () => {
    const pool = workerPool();
    const dir = tempDir();
    const store = new ThumbnailStore(join(dir, 'store'));
    for (const [i, photo] of PHOTOS.entries()) {
      const path = corpusPath(photo);
      const read = await pool.read(path);
      const target = join(dir, 'worker', `${i}-thumb.webp`);
      const decoded = await pool.decode(path, read.bytes!, target, true);
      const expected = await probeImage(path);
      const storeThumb = await store.ensure(read.hash, path, 'thumb');
      expect(decoded, photo).toEqual({
        kind: 'decoded',
        format: expected.format,
        metadata: expected.metadata,
        fingerprint: await expectedFingerprint(photo, storeThumb),
      });
      expect(readFileSync(target).equals(readFileSync(storeThumb)), photo).toBe(true);
    }
    expect(pool.offThread).toBe(true);
  });

  it('fails a truncated or corrupt image with the reason the main-thread path gives, writing no thumbnail', async () => {
    const pool = workerPool();
    const dir = tempDir();
    const whole = readFileSync(corpusPath('photos/animal_sheep-grazing-in-field.jpg'));
    const png = readFileSync(corpusPath('photos/people_astronaut-eileen-collins.png'));
    const corruptPng = Buffer.from(png);
    corruptPng.fill(0x5a, 200, Math.min(corruptPng.length - 20, 60_000));
    const cases = {
      'cut.jpg': whole.subarray(0, Math.floor(whole.length / 2)),
      'cut.png': png.subarray(0, Math.floor(png.length / 3)),
      'corrupt.png': corruptPng,
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const path = join(dir, name);
      const fd = openSync(path, 'w');
      writeSync(fd, bytes);
      closeSync(fd);
      const target = join(dir, 'thumbs', `${name}-thumb.webp`);
      const decoded = await pool.decode(path, bytes, target, true);
      // The main thread's own path, given the bytes read: probe first, then the thumbnail store.
      let mainReason: string | null = null;
      try {
        await probeImage(path, bytes);
        await new ThumbnailStore(join(dir, 'store')).ensure(name, path, 'thumb', bytes);
      } catch (error) {
        mainReason = (error as Error).message;
      }
      expect(mainReason, name).not.toBeNull();
      expect(decoded.kind, name).toBe('failed');
      if (decoded.kind === 'failed') expect(decoded.reason, name).toBe(mainReason);
      expect(() => readFileSync(target), name).toThrow(/ENOENT/);
    }
    expect(pool.offThread).toBe(true);
  });

  it("reads a photo's own words (embedded, sidecar, a malformed sidecar's warning) as the main thread does", async () => {
    const pool = workerPool();
    const dir = tempDir();
    const iptc = copyCorpus('exif/metadata_iptc.jpg', join(dir, 'iptc.jpg'));
    const xmp = copyCorpus('exif/metadata_xmp.jpg', join(dir, 'xmp.jpg'));
    const withSidecar = copyCorpus(PHOTOS[0]!, join(dir, 'sheep.jpg'));
    writeFileSync(
      `${withSidecar}.xmp`,
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>meadow</rdf:li>
        <rdf:li>sheep</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`,
    );
    const malformed = copyCorpus(PHOTOS[0]!, join(dir, 'broken.jpg'));
    writeFileSync(`${malformed}.xmp`, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><unclosed></x:xmpmeta>');
    // The worker looks for sidecars with blocking calls, the main thread without: a sidecar too large to read,
    // and a folder named like the first sidecar with a real one under the second name, end the same way.
    const oversized = copyCorpus(PHOTOS[0]!, join(dir, 'oversized.jpg'));
    writeFileSync(`${oversized}.xmp`, Buffer.alloc(MAX_SIDECAR_BYTES + 10, 0x20));
    const second = copyCorpus(PHOTOS[0]!, join(dir, 'second.jpg'));
    mkdirSync(`${second}.xmp`);
    writeFileSync(join(dir, 'second.xmp'), readFileSync(`${withSidecar}.xmp`));
    for (const path of [iptc, xmp, withSidecar, malformed, oversized, second]) {
      const bytes = readFileSync(path);
      const decoded = await pool.decode(path, bytes, join(dir, 'thumbs', `${path.length}.webp`), false, true);
      const warnings: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
      const found = await readExistingDescriptions(
        path,
        { warn: (message, fields) => warnings.push({ message, fields }) },
        bytes,
      );
      expect(decoded.kind, path).toBe('decoded');
      if (decoded.kind === 'decoded') expect(decoded.words, path).toEqual({ found, warnings });
    }
    const words = async (path: string) => {
      const decoded = await pool.decode(path, readFileSync(path), join(dir, 'thumbs', 'w.webp'), false, true);
      return decoded.kind === 'decoded' ? decoded.words : undefined;
    };
    // What the cases are: words from each place, and the malformed sidecar told.
    expect((await words(iptc))!.found.keywordSource).toBe('IPTC');
    expect((await words(withSidecar))!.found).toMatchObject({ keywords: ['meadow', 'sheep'] });
    expect((await words(oversized))!.warnings).toEqual([
      { message: expect.stringMatching(/sidecar larger than/), fields: { path: `${oversized}.xmp` } },
    ]);
    expect((await words(second))!.found).toMatchObject({ keywords: ['meadow', 'sheep'] });
    expect((await words(malformed))!.warnings).toEqual([
      { message: expect.stringMatching(/sidecar is not well-formed/), fields: { path: `${malformed}.xmp` } },
    ]);
    // Not asked for, not read.
    const plain = await pool.decode(iptc, readFileSync(iptc), join(dir, 'thumbs', 'p.webp'), false);
    expect(plain.kind === 'decoded' && plain.words).toBeUndefined();
    expect(pool.offThread).toBe(true);
  });

  it("hashes an original's decoded pixels for grouping's identity check as the main thread does", async () => {
    const pool = workerPool();
    for (const photo of [PHOTOS[1]!, PHOTOS[2]!, 'formats/heic_stonehenge_nikon-exif_gps_300x200.heic']) {
      const path = corpusPath(photo);
      expect(await pool.pixelHash(path), photo).toBe(await decodedPixelHash(path));
    }
    expect(pool.offThread).toBe(true);
  });

  it('leaves HEIC and RAW to their own readers', async () => {
    const pool = workerPool();
    const dir = tempDir();
    for (const photo of ['formats/heic_stonehenge_nikon-exif_gps_300x200.heic']) {
      const path = corpusPath(photo);
      const decoded = await pool.decode(path, readFileSync(path), join(dir, 'thumb.webp'), true);
      expect(decoded).toEqual({ kind: 'elsewhere' });
    }
  });

  it('moves bytes handed over to the worker, keeps those of a format it leaves here, and reads the file again for bytes lost on the way', async () => {
    const pool = workerPool();
    const dir = tempDir();
    const path = corpusPath(PHOTOS[0]!);
    const given = handOver(readFileSync(path));
    const decoded = await pool.decode(path, given, join(dir, 'given.webp'), true);
    expect(decoded.kind).toBe('decoded');
    expect(given.byteLength).toBe(0);

    const heic = corpusPath('formats/heic_stonehenge_nikon-exif_gps_300x200.heic');
    const kept = handOver(readFileSync(heic));
    expect(await pool.decode(heic, kept, join(dir, 'heic.webp'), true)).toEqual({ kind: 'elsewhere' });
    expect(kept.byteLength).toBe(statSync(heic).size);

    // As a worker that died after the bytes were moved to it leaves them: detached, decoded from the file here.
    const lost = readFileSync(path);
    structuredClone(lost.buffer, { transfer: [lost.buffer] });
    const here = createHashPool(0);
    cleanups.add(() => here.close());
    expect(await here.decode(path, lost, join(dir, 'here.webp'), true)).toEqual(decoded);
  });

  it('reports a thumbnail that finds the disk full as a thumbnail step failing for want of room', async (ctx) => {
    const dir = tempDir();
    const mounted = smallDisk(dir, ctx);
    if (!mounted) return;
    const filler = join(mounted.path, 'filler');
    const fd = openSync(filler, 'w');
    try {
      const chunk = Buffer.alloc(4096, 7);
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    const pool = workerPool();
    const path = join(dir, 'photo.jpg');
    copyFileSync(corpusPath('photos/animal_sheep-grazing-in-field.jpg'), path);
    const decoded = await pool.decode(path, readFileSync(path), join(mounted.path, 'ab', 'thumb.webp'), true);
    // The file call's own error, code and all: ingest needs no guess from the free space to call it a full disk.
    expect(decoded).toMatchObject({
      kind: 'failed',
      step: 'thumbnail',
      code: 'ENOSPC',
      reason: expect.stringMatching(/^ENOSPC: no space left on device/),
    });
    if (decoded.kind !== 'failed') return;
    const store = new ThumbnailStore(join(mounted.path, 'store'));
    const main = await store.ensure('ab', path, 'thumb').then(
      () => null,
      (error: NodeJS.ErrnoException) => ({ reason: error.message, code: error.code }),
    );
    expect(main).toEqual({ reason: decoded.reason, code: 'ENOSPC' });
    // Neither left its temp file (nor a thumbnail) behind.
    expect(readdirSync(join(mounted.path, 'ab'))).toEqual([]);
    expect(readdirSync(join(mounted.path, 'store', 'ab'))).toEqual([]);
    expect(pool.offThread).toBe(true);
  });

  it("writes the store's thumbnail file, private, and its fingerprint, made or found, in folders made again when removed", async () => {
    const pool = workerPool();
    const dir = tempDir();
    const store = new ThumbnailStore(join(dir, 'store'));
    const workerThumbs = new ThumbnailStore(join(dir, 'worker'));
    for (const photo of PHOTOS) {
      const path = corpusPath(photo);
      const read = await pool.read(path);
      const target = workerThumbs.pathFor(read.hash, 'thumb');
      const made = await pool.decode(path, read.bytes!, target, true);
      const storeThumb = await store.ensure(read.hash, path, 'thumb');
      expect(readFileSync(target).equals(readFileSync(storeThumb)), photo).toBe(true);
      expect(statSync(target).mode & 0o777, photo).toBe(0o600);
      expect(statSync(storeThumb).mode & 0o777, photo).toBe(0o600);
      expect(statSync(dirname(target)).mode & 0o777, photo).toBe(0o700);
      const fingerprint = await expectedFingerprint(photo, storeThumb);
      expect(made.kind === 'decoded' && made.fingerprint, photo).toEqual(fingerprint);
      // Found there already: read from the file, the same bits, the file left as it was.
      const before = statSync(target).mtimeMs;
      const found = await pool.decode(path, read.bytes!, target, true);
      expect(found.kind === 'decoded' && found.fingerprint, photo).toEqual(fingerprint);
      expect(statSync(target).mtimeMs, photo).toBe(before);
      // The worker knew the hash folder; removed meanwhile, it is made again rather than failing the photo.
      rmSync(dirname(target), { recursive: true });
      const again = await pool.decode(path, read.bytes!, target, false);
      expect(again.kind, photo).toBe('decoded');
      expect(readFileSync(target).equals(readFileSync(storeThumb)), photo).toBe(true);
      expect(readdirSync(dirname(target)), photo).toEqual([basename(target)]);
    }
    expect(pool.offThread).toBe(true);
  });
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** A harness whose ingest decodes new photos in a real hash pool's worker, thumbnails going to `thumbs`. */
function workerHarness(
  thumbs: string,
  disk?: LibraryDisk,
  beforeDecode?: (path: string) => void,
  readExisting?: (path: string) => Promise<ImportedDescriptions>,
): Harness {
  const pool = workerPool();
  return makeHarness({
    library: { readPhoto: pool.read, ...(disk ? { disk } : {}) },
    imaging: (base) => ({
      ...base,
      ...(readExisting ? { readExisting } : {}),
      decodeNew: (hash, path, bytes, withFingerprint, withWords) => {
        beforeDecode?.(path);
        return pool.decode(
          path,
          bytes,
          join(thumbs, hash.slice(0, 2), `${hash}-thumb.webp`),
          withFingerprint,
          withWords,
        );
      },
      discardThumbnail: async (hash) =>
        rmSync(join(thumbs, hash.slice(0, 2), `${hash}-thumb.webp`), { force: true }),
    }),
  });
}

describe('ingest with the worker decoding', () => {
  it('catalogues a JPEG, PNG and WebP from the worker alone and records a truncated one with its reason', async () => {
    const thumbs = join(tempDir(), 'thumbs');
    h = workerHarness(thumbs);
    const root = join(h.dir, 'Photos');
    PHOTOS.slice(1, 4).forEach((source, i) =>
      copyCorpus(source, join(root, `photo-${i}.${source.split('.').pop()}`)),
    );
    const whole = readFileSync(corpusPath(PHOTOS[0]!));
    const cut = join(root, 'cut.jpg');
    const fd = openSync(cut, 'w');
    writeSync(fd, whole.subarray(0, whole.length / 2));
    closeSync(fd);
    await h.library.addFolder(root);
    await h.library.whenIdle();

    const photos = h.db.prepare('SELECT hash, width FROM photos').all() as Array<{
      hash: string;
      width: number;
    }>;
    expect(photos).toHaveLength(3);
    for (const photo of photos) {
      expect(photo.width).toBeGreaterThan(0);
      expect(existsSync(join(thumbs, photo.hash.slice(0, 2), `${photo.hash}-thumb.webp`))).toBe(true);
    }
    // The main thread's probe and thumbnail never ran.
    expect(h.imaging.probes).toEqual([]);
    expect(h.imaging.thumbs).toEqual([]);
    const error = h.db.prepare('SELECT error FROM files WHERE path = ?').pluck().get(cut);
    await expect(probeImage(cut)).rejects.toThrow(error as string);
  });

  it('stores the words the worker read and reads none on the main thread', async () => {
    const mainReads: string[] = [];
    h = workerHarness(join(tempDir(), 'thumbs'), undefined, undefined, async (path) => {
      mainReads.push(path);
      return readExistingDescriptions(path);
    });
    const root = join(h.dir, 'Photos');
    copyCorpus('exif/metadata_iptc.jpg', join(root, 'iptc.jpg'));
    const sheep = copyCorpus(PHOTOS[0]!, join(root, 'sheep.jpg'));
    writeFileSync(
      `${sheep}.xmp`,
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>meadow</rdf:li>
        </rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>`,
    );
    await h.library.addFolder(root);
    await h.library.whenIdle();

    const tagsOf = (name: string) =>
      h!.db
        .prepare(
          `SELECT t.tag FROM photo_tags t JOIN files f ON f.photo_id = t.photo_id WHERE f.path = ? ORDER BY t.tag`,
        )
        .pluck()
        .all(join(root, name));
    expect(tagsOf('sheep.jpg')).toEqual(['meadow']);
    const expected = await readExistingDescriptions(join(root, 'iptc.jpg'));
    expect(expected.keywords.length).toBeGreaterThan(0);
    expect(tagsOf('iptc.jpg').length).toBe(new Set(expected.keywords.map((k) => k.toLowerCase())).size);
    expect(mainReads).toEqual([]);
  });

  it('reads a file rewritten between its hash and the decode again, keeping no thumbnail of the old hash', async () => {
    const thumbs = join(tempDir(), 'thumbs');
    let rewritten = false;
    h = workerHarness(thumbs, undefined, (path) => {
      // Another program saves over the photo after Shoebox hashed it.
      if (rewritten) return;
      rewritten = true;
      copyFileSync(corpusPath(PHOTOS[1]!), path);
    });
    const root = join(h.dir, 'Photos');
    const photo = copyCorpus(PHOTOS[0]!, join(root, 'photo.jpg'));
    const first = (await workerPool().read(photo)).hash;
    await h.library.addFolder(root);
    await h.library.whenIdle();

    const now = (await workerPool().read(photo)).hash;
    expect(now).not.toBe(first);
    expect(h.db.prepare('SELECT hash FROM photos').pluck().all()).toEqual([now]);
    expect(existsSync(join(thumbs, first.slice(0, 2), `${first}-thumb.webp`))).toBe(false);
    expect(existsSync(join(thumbs, now.slice(0, 2), `${now}-thumb.webp`))).toBe(true);
  });

  it('defers, records nothing and marks the disk full when the worker finds no room for the thumbnail', async (ctx) => {
    const dir = tempDir();
    const mounted = smallDisk(dir, ctx);
    if (!mounted) return;
    const space = new DiskSpace({ dir: mounted.path, log: silentLog, pollMs: 60_000 });
    cleanups.add(() => space.stop());
    // The disk fills between ingest's look at it and the worker's write: that look is the one thing not real.
    let looks = 0;
    const noted: Array<{ message: string; full: boolean }> = [];
    const disk = {
      get full() {
        return looks++ === 0 ? false : space.full;
      },
      noteWriteError: (error: unknown, options?: { ambiguous?: boolean }) => {
        const full = space.noteWriteError(error, options);
        noted.push({ message: error instanceof Error ? error.message : String(error), full });
        return full;
      },
      message: () => space.message(),
      onChange: (listener: (full: boolean) => void) => space.onChange(listener),
    };
    const filler = join(mounted.path, 'filler');
    const fd = openSync(filler, 'w');
    try {
      for (;;) writeSync(fd, Buffer.alloc(4096, 7));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    h = workerHarness(join(mounted.path, 'thumbs'), disk);
    const root = join(h.dir, 'Photos');
    copyCorpus(PHOTOS[0]!, join(root, 'photo.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();

    expect(h.db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(0);
    expect(h.db.prepare('SELECT count(*) FROM files WHERE error IS NOT NULL').pluck().get()).toBe(0);
    // The worker's failed thumbnail write, handed to the disk as ingest's own path hands it, taken for a full disk.
    expect(noted).toEqual([
      { message: expect.stringMatching(/^ENOSPC: no space left on device/), full: true },
    ]);
  });
});
