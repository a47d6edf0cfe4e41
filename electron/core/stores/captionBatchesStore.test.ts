import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import {
  activeBatchIds,
  addToBatch,
  allBatches,
  batchById,
  batchCandidates,
  batchMembers,
  failBatchJob,
  finishBatch,
  giveBackToQueue,
  insertBatch,
  markBatchRunning,
} from './captionBatchesStore';

describe('caption batches store', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-batches-store-'));
    db = openDatabase(join(dir, 'catalogue.db'));
    db.exec(`
      INSERT INTO folders (id, path, added_at, local_only) VALUES (1, '/cloud', 'now', 0), (2, '/local', 'now', 1);
      INSERT INTO photos (id, hash, bytes, width, height, created_at) VALUES
        (1, 'h1', 1, 400, 300, 'now'), (2, 'h2', 1, 400, 300, 'now'), (3, 'h3', 1, 400, 300, 'now'),
        (4, 'h4', 1, 400, 300, 'now');
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/cloud/1.jpg', 1, 1, 1, NULL),
        (1, '/cloud/2.jpg', 1, 1, 2, 'cannot decode'),
        (2, '/local/3.jpg', 1, 1, 3, NULL),
        (1, '/cloud/4.jpg', 1, 1, 4, NULL);
      INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES
        (1, 'queued', 'now'), (2, 'queued', 'now'), (3, 'queued', 'now'), (4, 'queued', 'now');
    `);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers only queued jobs with a readable copy that may go to the cloud, and not twice', () => {
    expect(batchCandidates(db, 10)).toEqual([
      { photoId: 1, width: 400, height: 300 },
      { photoId: 4, width: 400, height: 300 },
    ]);
    expect(batchCandidates(db, 1).map((c) => c.photoId)).toEqual([1]);
    const id = insertBatch(db, {
      provider: 'mistral',
      model: 'm',
      photos: 1,
      ledgerId: 7,
      createdAt: 'then',
    });
    addToBatch(db, id, 1);
    expect(batchCandidates(db, 10).map((c) => c.photoId)).toEqual([4]);
    expect(batchMembers(db, id)).toEqual([1]);
  });

  it('follows a batch from sending to its end, giving back what it did not answer', () => {
    const id = insertBatch(db, {
      provider: 'mistral',
      model: 'm',
      photos: 2,
      ledgerId: 7,
      createdAt: 'then',
    });
    addToBatch(db, id, 1);
    addToBatch(db, id, 4);
    expect(activeBatchIds(db)).toEqual([id]);
    expect(batchById(db, id)).toMatchObject({
      state: 'submitting',
      photos: 2,
      ledger_id: 7,
      reserved_cost: null,
    });
    markBatchRunning(db, id, 'remote-1', 'file-1');
    expect(batchById(db, id)).toMatchObject({ state: 'running', remote_id: 'remote-1' });

    failBatchJob(db, 1, 'unusable', 'later');
    giveBackToQueue(db, id, 4);
    finishBatch(db, id, {
      state: 'done',
      captioned: 0,
      failed: 1,
      returned: 1,
      billedCost: 0.5,
      error: null,
      finishedAt: 'later',
    });
    expect(batchMembers(db, id)).toEqual([]);
    expect(
      db
        .prepare(
          `SELECT photo_id, state, approved, origin, attempts, last_error FROM caption_jobs
      WHERE photo_id IN (1, 4) ORDER BY photo_id`,
        )
        .all(),
    ).toEqual([
      { photo_id: 1, state: 'failed', approved: 1, origin: 'scan', attempts: 1, last_error: 'unusable' },
      { photo_id: 4, state: 'queued', approved: 0, origin: 'scan', attempts: 0, last_error: null },
    ]);
    expect(db.prepare(`SELECT caption_status, caption_error FROM photos WHERE id = 1`).get()).toEqual({
      caption_status: 'failed',
      caption_error: 'unusable',
    });
    expect(activeBatchIds(db)).toEqual([]);
    expect(allBatches(db).map((b) => [b.id, b.state, b.failed, b.returned, b.billed_cost])).toEqual([
      [id, 'done', 1, 1, 0.5],
    ]);
    expect(batchById(db, id + 1)).toBeUndefined();
  });
});
