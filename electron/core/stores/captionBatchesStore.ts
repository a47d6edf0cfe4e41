import type { Database } from 'better-sqlite3';
import type { BatchInfo } from '../../../shared/types';
import { prepared, preparedValues } from '../db/prepared';
import { mayGoToCloud } from './photosStore';

// The `caption_batches` table and the caption jobs a batch carries (`caption_jobs.batch_id`): the batch route's
// persisted state, so a restart goes on polling what was sent.

export interface BatchRow {
  id: number;
  provider: string;
  model: string;
  remote_id: string | null;
  state: BatchInfo['state'];
  photos: number;
  captioned: number;
  failed: number;
  returned: number;
  ledger_id: number | null;
  billed_cost: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  reserved_cost: number | null;
}

export interface BatchCandidate {
  photoId: number;
  width: number | null;
  height: number | null;
}

/** Every batch, newest first, with what the ledger reserved for it. */
export function allBatches(db: Database): BatchRow[] {
  return prepared(
    db,
    `SELECT b.*, l.reserved_cost FROM caption_batches b LEFT JOIN ledger l ON l.id = b.ledger_id ORDER BY b.id DESC`,
  ).all() as BatchRow[];
}

export function batchById(db: Database, id: number): BatchRow | undefined {
  return prepared(
    db,
    `SELECT b.*, l.reserved_cost FROM caption_batches b LEFT JOIN ledger l ON l.id = b.ledger_id WHERE b.id = ?`,
  ).get(id) as BatchRow | undefined;
}

/** The batches still being sent or waited for, oldest first. */
export function activeBatchIds(db: Database): number[] {
  return preparedValues(
    db,
    `SELECT id FROM caption_batches WHERE state IN ('submitting', 'running') ORDER BY id`,
  ).all() as number[];
}

/** Queued jobs not in a batch whose photo has a readable copy in a folder that may go to the cloud. */
export function batchCandidates(db: Database, limit: number): BatchCandidate[] {
  return prepared(
    db,
    `SELECT j.photo_id AS photoId, p.width, p.height FROM caption_jobs j JOIN photos p ON p.id = j.photo_id
     WHERE j.state = 'queued' AND j.batch_id IS NULL
       AND ${mayGoToCloud('j.photo_id')}
     ORDER BY j.photo_id LIMIT ?`,
  ).all(limit) as BatchCandidate[];
}

/** A new batch, being sent; its id. */
export function insertBatch(
  db: Database,
  batch: { provider: string; model: string; photos: number; ledgerId: number; createdAt: string },
): number {
  return Number(
    prepared(
      db,
      `INSERT INTO caption_batches (provider, model, state, photos, ledger_id, created_at)
       VALUES (?, ?, 'submitting', ?, ?, ?)`,
    ).run(batch.provider, batch.model, batch.photos, batch.ledgerId, batch.createdAt).lastInsertRowid,
  );
}

/** The job goes in the batch; choosing the batch route was its approval. */
export function addToBatch(db: Database, batchId: number, photoId: number): void {
  prepared(db, `UPDATE caption_jobs SET batch_id = ?, approved = 1 WHERE photo_id = ?`).run(batchId, photoId);
}

export function batchMembers(db: Database, batchId: number): number[] {
  return preparedValues(db, `SELECT photo_id FROM caption_jobs WHERE batch_id = ?`).all(batchId) as number[];
}

export function markBatchRunning(db: Database, batchId: number, remoteId: string, inputFile: string): void {
  prepared(
    db,
    `UPDATE caption_batches SET state = 'running', remote_id = ?, input_file = ? WHERE id = ?`,
  ).run(remoteId, inputFile, batchId);
}

export function finishBatch(
  db: Database,
  batchId: number,
  end: {
    state: BatchInfo['state'];
    captioned: number;
    failed: number;
    returned: number;
    billedCost: number;
    error: string | null;
    finishedAt: string;
  },
): void {
  prepared(
    db,
    `UPDATE caption_batches SET state = ?, captioned = ?, failed = ?, returned = ?, billed_cost = ?, error = ?,
       finished_at = ? WHERE id = ?`,
  ).run(
    end.state,
    end.captioned,
    end.failed,
    end.returned,
    end.billedCost,
    end.error,
    end.finishedAt,
    batchId,
  );
}

/** Not answered: back to the queue, waiting for a yes again (sending it again costs money). */
export function giveBackToQueue(db: Database, batchId: number, photoId: number): void {
  prepared(
    db,
    `UPDATE caption_jobs SET batch_id = NULL, approved = 0, origin = 'scan' WHERE batch_id = ? AND photo_id = ?`,
  ).run(batchId, photoId);
}

/** The batch's answer for this photo was refused or unusable: its job and its photo fail. */
export function failBatchJob(db: Database, photoId: number, reason: string, at: string): void {
  prepared(
    db,
    `UPDATE caption_jobs SET batch_id = NULL, state = 'failed', last_error = ?, attempts = attempts + 1,
       updated_at = ? WHERE photo_id = ?`,
  ).run(reason, at, photoId);
  prepared(db, `UPDATE photos SET caption_status = 'failed', caption_error = ? WHERE id = ?`).run(
    reason,
    photoId,
  );
}
