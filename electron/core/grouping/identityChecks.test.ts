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
});
