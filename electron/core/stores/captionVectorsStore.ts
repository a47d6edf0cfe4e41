import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared';

// `caption_vectors` (each caption's sentence vector) and `meaning_queue` (captions still without one).

export interface VectorRow {
  photo_id: number;
  code: Buffer;
}

export interface WaitingCaption {
  id: number;
  caption: string | null;
}

/** The next photos whose caption waits for its vector, lowest id first. */
export function waitingCaptions(db: Database, limit: number): WaitingCaption[] {
  return prepared(
    db,
    `SELECT q.photo_id AS id, p.caption FROM meaning_queue q JOIN photos p ON p.id = q.photo_id
     ORDER BY q.photo_id LIMIT ?`,
  ).all(limit) as WaitingCaption[];
}

export function countWaitingCaptions(db: Database): number {
  return (prepared(db, 'SELECT count(*) AS n FROM meaning_queue').get() as { n: number }).n;
}

/**
 * Saves a vector for the caption it was made from; a caption changed since (the queue has it again) or
 * gone keeps its place in the queue and gets no stale vector.
 */
export function saveVector(
  db: Database,
  photoId: number,
  caption: string,
  encoder: string,
  vector: { code: Uint32Array; bytes: Int8Array; scale: number },
): boolean {
  const current = prepared(db, 'SELECT caption FROM photos WHERE id = ?').get(photoId) as
    { caption: string | null } | undefined;
  if (current?.caption !== caption) return false;
  prepared(
    db,
    `INSERT OR REPLACE INTO caption_vectors (photo_id, encoder, code, vector, scale) VALUES (?, ?, ?, ?, ?)`,
  ).run(
    photoId,
    encoder,
    Buffer.from(vector.code.buffer, vector.code.byteOffset, vector.code.byteLength),
    Buffer.from(vector.bytes.buffer, vector.bytes.byteOffset, vector.bytes.byteLength),
    vector.scale,
  );
  prepared(db, 'DELETE FROM meaning_queue WHERE photo_id = ?').run(photoId);
  return true;
}

/** A photo that cannot be given a vector (no caption left) leaves the queue. */
export function dropWaiting(db: Database, photoId: number): void {
  prepared(db, 'DELETE FROM meaning_queue WHERE photo_id = ?').run(photoId);
}

/** Every code written by `encoder`, in photo order, a page at a time after `afterId`. */
export function codesAfter(db: Database, encoder: string, afterId: number, limit: number): VectorRow[] {
  return prepared(
    db,
    `SELECT photo_id, code FROM caption_vectors WHERE photo_id > ? AND encoder = ? ORDER BY photo_id LIMIT ?`,
  ).all(afterId, encoder, limit) as VectorRow[];
}

export interface FullVector {
  photo_id: number;
  vector: Buffer;
  scale: number;
}

/** The full vectors of the given photos (those that still have one). */
export function vectorsOf(db: Database, photoIds: number[]): FullVector[] {
  return prepared(
    db,
    `SELECT v.photo_id, v.vector, v.scale FROM json_each(?) ids JOIN caption_vectors v ON v.photo_id = ids.value`,
  ).all(JSON.stringify(photoIds)) as FullVector[];
}

/** Vectors of another encoder go back to the queue, to be written again by this one. */
export function requeueOtherEncoders(db: Database, encoder: string): number {
  // The usual answer is none, found by two seeks in the encoder index (`<>` would scan it) without
  // reading a vector.
  const other = prepared(db, 'SELECT 1 FROM caption_vectors WHERE encoder < ? OR encoder > ? LIMIT 1');
  if (other.get(encoder, encoder) === undefined) return 0;
  return db.transaction(() => {
    prepared(
      db,
      `INSERT OR IGNORE INTO meaning_queue (photo_id) SELECT photo_id FROM caption_vectors WHERE encoder <> ?`,
    ).run(encoder);
    return prepared(db, 'DELETE FROM caption_vectors WHERE encoder <> ?').run(encoder).changes;
  })();
}
