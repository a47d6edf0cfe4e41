import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { openDatabase } from '../db/openDatabase';
import { EventBus } from '../events';
import { silentLog } from '../log';
import { corpusPath } from '../../../test/support/corpus';
import { waitFor } from '../../../test/support/waitFor';
import { ThumbnailStore } from '../imaging/thumbnails';
import { decodedPixelHash, type Fingerprint } from './fingerprint';
import { createBurstGrouping, type BurstGrouping } from './index';
import type { Database } from 'better-sqlite3';

const LOOK_ALIKES = 12;

describe('identity checks during a scan', () => {
  let dir: string;
  let db: Database;
  let grouping: BurstGrouping | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-identity-'));
    db = openDatabase(join(dir, 'catalogue.sqlite'));
  });

  afterEach(async () => {
    await grouping?.stop();
    grouping = undefined;
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decode one photo at a time, each photo once, however many look-alikes a scan adds at once', async () => {
    // Photos of one size whose difference hashes are equal: each new one needs its pixels hashed.
    const insert = db.prepare(
      `INSERT INTO photos (hash, bytes, width, height, caption_status, created_at)
         VALUES (?, 1, 64, 48, 'queued', 'now')`,
    );
    const paths = new Map<number, string>();
    for (let i = 0; i < LOOK_ALIKES; i++) {
      const path = join(dir, `IMG_${i}.png`);
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: i * 20, g: 90, b: 40 } } })
        .png()
        .toFile(path);
      paths.set(Number(insert.run(`hash-${i}`).lastInsertRowid), path);
    }
    let inFlight = 0;
    let mostInFlight = 0;
    const decodes: string[] = [];
    grouping = createBurstGrouping({
      db,
      clock: systemClock,
      log: silentLog,
      events: new EventBus(),
      enabled: () => true,
      thumbnail: () => Promise.reject(new Error('not used here')),
      sourcePath: (photoId) => paths.get(photoId) ?? null,
      pixelHash: async (path) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        decodes.push(path);
        try {
          return await decodedPixelHash(path);
        } finally {
          inFlight--;
        }
      },
    });

    // As ingest hands them over: one after the other, synchronously, faster than a decode.
    for (const photoId of paths.keys())
      grouping.ingest.placeNewPhoto(photoId, { dhash: '00ff00ff00ff00ff', pixelHash: null });

    await waitFor(
      'every pixel hash',
      () =>
        db.prepare('SELECT count(*) FROM photo_fingerprints WHERE pixel_hash IS NOT NULL').pluck().get() ===
        LOOK_ALIKES,
    );
    expect(mostInFlight).toBe(1);
    expect(decodes.toSorted()).toEqual([...paths.values()].toSorted());
  });

  /** A grouping over real thumbnails and fingerprints that notes each original it decodes for pixels. */
  function tonesGrouping() {
    const thumbs = new ThumbnailStore(join(dir, 'thumbs'));
    const paths = new Map<number, string>();
    const decodes: string[] = [];
    const insert = db.prepare(
      `INSERT INTO photos (hash, bytes, width, height, caption_status, created_at)
         VALUES (?, 1, ?, ?, 'queued', 'now')`,
    );
    const queue = db.prepare(
      `INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES (?, 'queued', 'now')`,
    );
    const running = createBurstGrouping({
      db,
      clock: systemClock,
      log: silentLog,
      events: new EventBus(),
      enabled: () => true,
      thumbnail: (hash, path) => thumbs.ensure(hash, path, 'thumb'),
      sourcePath: (photoId) => paths.get(photoId) ?? null,
      pixelHash: (path) => {
        decodes.push(path);
        return decodedPixelHash(path);
      },
    });
    grouping = running;
    /** Stores the photo as ingest does (its fingerprint from its thumbnail, unless given) and places it. */
    async function add(path: string, given?: Fingerprint): Promise<number> {
      const { width, height } = await sharp(path).metadata();
      const id = Number(insert.run(path, width, height).lastInsertRowid);
      queue.run(id);
      paths.set(id, path);
      const fingerprint = given ?? (await running.ingest.fingerprint(`photo-${id}`, path));
      running.ingest.placeNewPhoto(id, fingerprint!);
      return id;
    }
    return { add, decodes, fingerprint: (path: string) => running.ingest.fingerprint(path, path) };
  }

  const flat = (name: string, grey: number) => {
    const path = join(dir, name);
    return sharp({
      create: { width: 320, height: 240, channels: 3, background: { r: grey, g: grey, b: grey } },
    })
      .jpeg({ quality: 90 })
      .toFile(path)
      .then(() => path);
  };
  const pngCopy = async (source: string, name: string) => {
    const path = join(dir, name);
    await sharp(source).rotate().png().toFile(path);
    return path;
  };
  const reason = (photoId: number) =>
    db.prepare('SELECT leader_id AS leaderId, reason FROM burst_members WHERE photo_id = ?').get(photoId);

  it('still groups a dark JPEG and its PNG re-save as the same picture', async () => {
    const { add, decodes } = tonesGrouping();
    const jpeg = corpusPath('photos/night_roebling-suspension-bridge-cincinnati_olympus.jpg');
    const png = await pngCopy(jpeg, 'bridge.png');
    const original = await add(jpeg);
    const copy = await add(png);
    await waitFor('the copy grouped', () => reason(copy));
    expect(reason(copy)).toEqual({ leaderId: original, reason: 'identical' });
    expect(decodes.toSorted()).toEqual([jpeg, png].toSorted());
  });

  it('decodes neither of two flat photos of one size and one difference hash, only a true copy and its twin', async () => {
    const { add, decodes, fingerprint } = tonesGrouping();
    const [darker, lighter] = [await flat('night-1.jpg', 30), await flat('night-2.jpg', 45)];
    expect((await fingerprint(darker))!.dhash).toBe((await fingerprint(lighter))!.dhash);
    const first = await add(darker);
    await add(lighter);
    // Checks run one after the other, in order: once the copy is grouped, the lighter photo's check is done.
    const copy = await add(await pngCopy(darker, 'night-1.png'));
    await waitFor('the copy grouped', () => reason(copy));
    expect(reason(copy)).toEqual({ leaderId: first, reason: 'identical' });
    expect(decodes.toSorted()).toEqual([darker, join(dir, 'night-1.png')].toSorted());
  });

  it('checks a photo whose fingerprint has no tones (made before they were kept) as before', async () => {
    const { add, decodes, fingerprint } = tonesGrouping();
    const [darker, lighter] = [await flat('night-1.jpg', 30), await flat('night-2.jpg', 45)];
    await add(darker);
    const old = await fingerprint(lighter);
    await add(lighter, { dhash: old!.dhash, pixelHash: null });
    await waitFor('both decoded', () => decodes.length === 2 || undefined);
    expect(decodes.toSorted()).toEqual([darker, lighter].toSorted());
  });
});
