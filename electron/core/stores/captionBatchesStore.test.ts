import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
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
  const catalogue = catalogueForEachTest(
    'batches-store',
    `
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
    `,
  );

  it('offers only queued jobs with a readable copy that may go to the cloud, and not twice', () => {
    expect(batchCandidates(catalogue.db, 10)).toEqual([
      { photoId: 1, width: 400, height: 300 },
      { photoId: 4, width: 400, height: 300 },
    ]);
    expect(batchCandidates(catalogue.db, 1).map((c) => c.photoId)).toEqual([1]);
    const id = insertBatch(catalogue.db, {
      provider: 'mistral',
      model: 'm',
      photos: 1,
      ledgerId: 7,
      createdAt: 'then',
    });
    addToBatch(catalogue.db, id, 1);
    expect(batchCandidates(catalogue.db, 10).map((c) => c.photoId)).toEqual([4]);
    expect(batchMembers(catalogue.db, id)).toEqual([1]);
  });

  it('follows a batch from sending to its end, giving back what it did not answer', () => {
    const id = insertBatch(catalogue.db, {
      provider: 'mistral',
      model: 'm',
      photos: 2,
      ledgerId: 7,
      createdAt: 'then',
    });
    addToBatch(catalogue.db, id, 1);
    addToBatch(catalogue.db, id, 4);
    expect(activeBatchIds(catalogue.db)).toEqual([id]);
    expect(batchById(catalogue.db, id)).toMatchObject({
      state: 'submitting',
      photos: 2,
      ledger_id: 7,
      reserved_cost: null,
    });
    markBatchRunning(catalogue.db, id, 'remote-1', 'file-1');
    expect(batchById(catalogue.db, id)).toMatchObject({ state: 'running', remote_id: 'remote-1' });

    failBatchJob(catalogue.db, 1, 'unusable', 'later');
    giveBackToQueue(catalogue.db, id, 4);
    finishBatch(catalogue.db, id, {
      state: 'done',
      captioned: 0,
      failed: 1,
      returned: 1,
      billedCost: 0.5,
      error: null,
      finishedAt: 'later',
    });
    expect(batchMembers(catalogue.db, id)).toEqual([]);
    expect(
      catalogue.db
        .prepare(
          `SELECT photo_id, state, approved, origin, attempts, last_error FROM caption_jobs
      WHERE photo_id IN (1, 4) ORDER BY photo_id`,
        )
        .all(),
    ).toEqual([
      { photo_id: 1, state: 'failed', approved: 1, origin: 'scan', attempts: 1, last_error: 'unusable' },
      { photo_id: 4, state: 'queued', approved: 0, origin: 'scan', attempts: 0, last_error: null },
    ]);
    expect(
      catalogue.db.prepare(`SELECT caption_status, caption_error FROM photos WHERE id = 1`).get(),
    ).toEqual({
      caption_status: 'failed',
      caption_error: 'unusable',
    });
    expect(activeBatchIds(catalogue.db)).toEqual([]);
    expect(allBatches(catalogue.db).map((b) => [b.id, b.state, b.failed, b.returned, b.billed_cost])).toEqual(
      [[id, 'done', 1, 1, 0.5]],
    );
    expect(batchById(catalogue.db, id + 1)).toBeUndefined();
  });
});
