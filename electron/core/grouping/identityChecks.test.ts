import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { openDatabase } from '../db/openDatabase';
import { EventBus } from '../events';
import { silentLog } from '../log';
import { waitFor } from '../../../test/support/waitFor';
import { decodedPixelHash } from './fingerprint';
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

  /** Grouping over the catalogue, with the photos' files at `paths` and their pixels hashed by `pixelHash`. */
  function groupingOver(paths: Map<number, string>, pixelHash: (path: string) => Promise<string>) {
    return createBurstGrouping({
      db,
      clock: systemClock,
      log: silentLog,
      events: new EventBus(),
      enabled: () => true,
      thumbnail: () => Promise.reject(new Error('not used here')),
      sourcePath: (photoId) => paths.get(photoId) ?? null,
      pixelHash,
    });
  }

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
    grouping = groupingOver(paths, async (path) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      decodes.push(path);
      try {
        return await decodedPixelHash(path);
      } finally {
        inFlight--;
      }
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

  it('a photo hashed at ingest has only its unhashed look-alikes decoded, and joins one with the same pixels', async () => {
    const insert = db.prepare(
      `INSERT INTO photos (hash, bytes, width, height, caption_status, created_at)
         VALUES (?, 1, 64, 48, 'queued', 'now')`,
    );
    const insertJob = db.prepare(
      `INSERT INTO caption_jobs (photo_id, state, approved, origin, updated_at) VALUES (?, 'queued', 1, 'scan', 'now')`,
    );
    const picture = join(dir, 'IMG_1.png');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 90, b: 40 } } })
      .png()
      .toFile(picture);
    const copy = join(dir, 'IMG_1 copy.png');
    await sharp(picture).png({ compressionLevel: 1 }).toFile(copy);
    const other = join(dir, 'IMG_2.png');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 10, b: 10 } } })
      .png()
      .toFile(other);
    // The earlier photo, and one of another look, came without a pixel hash; the copy brings its own.
    const earlier = Number(insert.run('hash-earlier').lastInsertRowid);
    const unlike = Number(insert.run('hash-unlike').lastInsertRowid);
    const copied = Number(insert.run('hash-copy').lastInsertRowid);
    for (const id of [earlier, unlike, copied]) insertJob.run(id);
    const paths = new Map([
      [earlier, picture],
      [unlike, other],
      [copied, copy],
    ]);
    const decodes: string[] = [];
    const recordingDecodes = async (path: string) => {
      decodes.push(path);
      return decodedPixelHash(path);
    };
    grouping = groupingOver(paths, recordingDecodes);
    grouping.ingest.placeNewPhoto(earlier, { dhash: '00ff00ff00ff00ff', pixelHash: null });
    grouping.ingest.placeNewPhoto(unlike, { dhash: 'ff00ff00ff00ff00', pixelHash: null });
    // The two are far apart (64 bits): neither has a look-alike, so nothing is decoded. Stopping waits for
    // the checks to run; the copy is placed by a grouping started again.
    await grouping.stop();
    expect(decodes).toEqual([]);
    grouping = groupingOver(paths, recordingDecodes);
    grouping.ingest.placeNewPhoto(copied, {
      dhash: '00ff00ff00ff00fe',
      pixelHash: await decodedPixelHash(copy),
    });
    await waitFor(
      'the earlier photo hashed',
      () =>
        db.prepare('SELECT pixel_hash FROM photo_fingerprints WHERE photo_id = ?').pluck().get(earlier) !==
        null,
    );
    await waitFor(
      'the copy grouped',
      () =>
        db.prepare('SELECT reason FROM burst_members WHERE photo_id = ?').pluck().get(copied) !== undefined,
    );
    // Only the look-alike without a hash was decoded: not the copy, not the photo of another look.
    expect(decodes).toEqual([picture]);
    expect(db.prepare('SELECT leader_id, reason FROM burst_members WHERE photo_id = ?').get(copied)).toEqual({
      leader_id: earlier,
      reason: 'identical',
    });
  });
});
