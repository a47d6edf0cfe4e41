import type { Database } from 'better-sqlite3';
import { prepared, preparedValues } from '../db/prepared';
import { dhashBands } from '../grouping/dhashBands';
import type { Fingerprint } from '../grouping/fingerprint';
import type { SceneFacts, SameScene } from '../grouping/rule';
import { hasFileInFolder, type SizeCount } from './photosStore';

export interface CandidateRow extends SceneFacts {
  photoId: number;
  /** The photo whose caption this one gets (itself when it leads or stands alone). */
  leaderId: number;
}

export interface PendingJob {
  state: 'queued' | 'running' | 'failed' | 'refused';
  approved: number;
  origin: 'scan' | 'watch';
}

export interface MemberRow {
  photoId: number;
  leaderId: number;
  state: 'waiting' | 'copied';
  reason: SameScene;
  approved: number;
  origin: 'scan' | 'watch';
}

const FACTS = `p.id AS photoId, coalesce(m.leader_id, p.id) AS leaderId, f.dhash AS dhash,
  f.pixel_hash AS pixelHash, p.camera_make AS cameraMake, p.camera_model AS cameraModel, p.taken_at AS takenAt`;
const FROM = `photos p JOIN photo_fingerprints f ON f.photo_id = p.id LEFT JOIN burst_members m ON m.photo_id = p.id`;

export interface LookAlikeRow {
  photoId: number;
  hash: string;
  dhash: string;
  pixelHash: string | null;
}

/**
 * Photos `f`/`o` of the same size as photo `s`/`p` (either way up) whose difference hash shares a band with
 * its own. CROSS JOIN fixes the order (SQLite never reorders it): the photo's own fingerprint and size, then
 * the fingerprints sharing a band, through the band indexes, then their photos. Left to choose, the planner
 * walks every photo of the same size (the photos_size index) and checks each one's bands, which at a camera's
 * usual size is most of the catalogue. Exported so a test asks SQLite how it runs this very text.
 */
export const SHARING_A_BAND = `FROM photo_fingerprints s CROSS JOIN photos p ON p.id = s.photo_id
  CROSS JOIN photo_fingerprints f ON (f.band0 = s.band0 OR f.band1 = s.band1 OR f.band2 = s.band2
    OR f.band3 = s.band3 OR f.band4 = s.band4)
  CROSS JOIN photos o ON o.id = f.photo_id
  WHERE s.photo_id = ? AND o.id <> p.id AND p.width IS NOT NULL
    AND ((o.width = p.width AND o.height = p.height) OR (o.width = p.height AND o.height = p.width))`;
export const SAME_SIZE_SHARING_A_BAND = `SELECT o.id AS photoId, o.hash, f.dhash, f.pixel_hash AS pixelHash
  ${SHARING_A_BAND}`;
/** `dhash_distance` is one of the SQL functions every connection has (db/sqlFunctions.ts). */
const WITHIN_BITS = `AND dhash_distance(f.dhash, s.dhash) <= ?`;

export function saveFingerprint(db: Database, photoId: number, fp: Fingerprint): void {
  prepared(
    db,
    `INSERT INTO photo_fingerprints (photo_id, dhash, pixel_hash, band0, band1, band2, band3, band4)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (photo_id) DO UPDATE SET dhash = excluded.dhash, pixel_hash = excluded.pixel_hash,
         band0 = excluded.band0, band1 = excluded.band1, band2 = excluded.band2, band3 = excluded.band3,
         band4 = excluded.band4`,
  ).run(photoId, fp.dhash, fp.pixelHash, ...dhashBands(fp.dhash));
}

export function facts(db: Database, photoId: number): CandidateRow | undefined {
  return prepared(db, `SELECT ${FACTS} FROM ${FROM} WHERE p.id = ?`).get(photoId) as CandidateRow | undefined;
}

/** Other photos with the same decoded pixels, or of the same camera taken within the window. */
export function candidates(
  db: Database,
  photoId: number,
  facts: SceneFacts,
  window: { from: string; to: string } | null,
): CandidateRow[] {
  const identical =
    facts.pixelHash === null
      ? []
      : (prepared(db, `SELECT ${FACTS} FROM ${FROM} WHERE f.pixel_hash = ? AND p.id <> ?`).all(
          facts.pixelHash,
          photoId,
        ) as CandidateRow[]);
  if (window === null || (!facts.cameraMake && !facts.cameraModel)) return identical;
  const burst = prepared(
    db,
    `SELECT ${FACTS} FROM ${FROM}
       WHERE p.camera_make IS ? AND p.camera_model IS ? AND p.taken_at BETWEEN ? AND ? AND p.id <> ?`,
  ).all(facts.cameraMake, facts.cameraModel, window.from, window.to, photoId) as CandidateRow[];
  return [...identical, ...burst];
}

/**
 * Other photos of the same size (either way up) whose difference hash shares a band with this photo's: every
 * photo within four bits of it is among them (see dhashBands), found through the band indexes.
 */
export function sameSizeSharingABand(db: Database, photoId: number): LookAlikeRow[] {
  return prepared(db, SAME_SIZE_SHARING_A_BAND).all(photoId) as LookAlikeRow[];
}

/** True when another photo of the same size has a difference hash at most `bits` from this photo's. */
export function hasLookAlike(db: Database, photoId: number, bits: number): boolean {
  return (
    preparedValues(db, `SELECT EXISTS (SELECT 1 ${SHARING_A_BAND} ${WITHIN_BITS})`).get(photoId, bits) === 1
  );
}

/** The look-alikes (as in hasLookAlike) whose decoded pixels were not hashed yet. */
export function lookAlikesWithoutPixels(db: Database, photoId: number, bits: number): number[] {
  return preparedValues(db, `SELECT o.id ${SHARING_A_BAND} ${WITHIN_BITS} AND f.pixel_hash IS NULL`).all(
    photoId,
    bits,
  ) as number[];
}

export function setPixelHash(db: Database, photoId: number, pixelHash: string): void {
  prepared(db, `UPDATE photo_fingerprints SET pixel_hash = ? WHERE photo_id = ?`).run(pixelHash, photoId);
}

export function captionStatus(db: Database, photoId: number): string | undefined {
  return preparedValues(db, `SELECT caption_status FROM photos WHERE id = ?`).get(photoId) as
    string | undefined;
}

export function job(db: Database, photoId: number): PendingJob | undefined {
  return prepared(db, `SELECT state, approved, origin FROM caption_jobs WHERE photo_id = ?`).get(photoId) as
    PendingJob | undefined;
}

export function member(db: Database, photoId: number): MemberRow | undefined {
  return prepared(
    db,
    `SELECT photo_id AS photoId, leader_id AS leaderId, state, reason, approved, origin
       FROM burst_members WHERE photo_id = ?`,
  ).get(photoId) as MemberRow | undefined;
}

export function isLeader(db: Database, photoId: number): boolean {
  return prepared(db, `SELECT 1 FROM burst_members WHERE leader_id = ? LIMIT 1`).get(photoId) !== undefined;
}

/** The follower gives up its caption job (so the queue never sends it) and waits for its leader. */
export function follow(
  db: Database,
  photoId: number,
  leaderId: number,
  reason: SameScene,
  job: PendingJob,
  at: string,
): void {
  prepared(
    db,
    `INSERT INTO burst_members (photo_id, leader_id, state, reason, approved, origin, grouped_at)
       VALUES (?, ?, 'waiting', ?, ?, ?, ?)`,
  ).run(photoId, leaderId, reason, job.approved, job.origin, at);
  prepared(db, `DELETE FROM caption_jobs WHERE photo_id = ?`).run(photoId);
}

/** Followers waiting on a leader that now has a caption, and on one that ended without one. */
export function waitingOnFinishedLeaders(
  db: Database,
): Array<{ photoId: number; leaderId: number; leaderStatus: string }> {
  return prepared(
    db,
    `SELECT m.photo_id AS photoId, m.leader_id AS leaderId, l.caption_status AS leaderStatus
       FROM burst_members m JOIN photos l ON l.id = m.leader_id
       WHERE m.state = 'waiting' AND l.caption_status IN ('done', 'failed', 'refused')`,
  ).all() as Array<{ photoId: number; leaderId: number; leaderStatus: string }>;
}

export function waitingFollowers(db: Database): number[] {
  return preparedValues(db, `SELECT photo_id FROM burst_members WHERE state = 'waiting'`).all() as number[];
}

/**
 * The leader's model words: its caption, or the model's kept aside beside the user's (none kept aside means
 * the model said what the user's caption says), and its model tags that were not rejected.
 */
export function leaderWords(
  db: Database,
  leaderId: number,
): {
  caption: string | null;
  tags: string[];
  model: string | null;
  provider: string | null;
  promptVersion: number | null;
} {
  const row = prepared(
    db,
    `SELECT CASE WHEN caption_origin = 'model' THEN caption ELSE coalesce(caption_suggestion, caption) END AS caption,
         caption_model AS model, caption_provider AS provider, prompt_version AS promptVersion
       FROM photos WHERE id = ?`,
  ).get(leaderId) as {
    caption: string | null;
    model: string | null;
    provider: string | null;
    promptVersion: number | null;
  };
  const tags = preparedValues(
    db,
    `SELECT tag FROM photo_tags WHERE photo_id = ? AND origin = 'model' AND state <> 'rejected'
       ORDER BY position, tag`,
  ).all(leaderId) as string[];
  return { ...row, tags };
}

export function firstFileName(db: Database, photoId: number): string | null {
  return (
    (preparedValues(db, `SELECT path FROM files WHERE photo_id = ? ORDER BY id LIMIT 1`).get(photoId) as
      string | undefined) ?? null
  );
}

export function markCopied(
  db: Database,
  photoId: number,
  leader: { model: string | null; provider: string | null; promptVersion: number | null },
  at: string,
): void {
  prepared(db, `UPDATE burst_members SET state = 'copied' WHERE photo_id = ?`).run(photoId);
  prepared(
    db,
    `UPDATE photos SET caption_status = 'done', caption_error = NULL, caption_model = ?, caption_provider = ?,
         prompt_version = ?, input_tokens = NULL, output_tokens = NULL, reported_cost = NULL, captioned_at = ?
       WHERE id = ?`,
  ).run(leader.model, leader.provider, leader.promptVersion, at, photoId);
}

/** Ends a photo's membership; a waiting follower gets its own caption job back, as it was. */
export function release(db: Database, photoId: number, at: string): MemberRow | undefined {
  const row = member(db, photoId);
  if (!row) return undefined;
  prepared(db, `DELETE FROM burst_members WHERE photo_id = ?`).run(photoId);
  if (row.state === 'waiting') {
    prepared(
      db,
      `INSERT OR IGNORE INTO caption_jobs (photo_id, state, updated_at, approved, origin) VALUES (?, 'queued', ?, ?, ?)`,
    ).run(photoId, at, row.approved, row.origin);
  }
  return row;
}

/** Photos read before fingerprints were kept, oldest first. */
export function withoutFingerprint(db: Database, limit: number): Array<{ id: number; hash: string }> {
  return prepared(
    db,
    `SELECT p.id, p.hash FROM photos p WHERE NOT EXISTS (SELECT 1 FROM photo_fingerprints f WHERE f.photo_id = p.id)
       ORDER BY p.id LIMIT ?`,
  ).all(limit) as Array<{ id: number; hash: string }>;
}

/** Followers that wait on a leader still waiting for the user's yes: what this estimate does not charge. */
export function savedInEstimate(db: Database, folderId?: number): SizeCount[] {
  return prepared(
    db,
    `SELECT p.width AS width, p.height AS height, count(*) AS n
       FROM burst_members m JOIN photos p ON p.id = m.photo_id
         JOIN caption_jobs j ON j.photo_id = m.leader_id
       WHERE m.state = 'waiting' AND j.state = 'queued' AND j.approved = 0 ${folderId === undefined ? '' : `AND ${hasFileInFolder('?')}`}
       GROUP BY p.width, p.height`,
  ).all(...(folderId === undefined ? [] : [folderId])) as SizeCount[];
}

export function counts(db: Database): { waiting: number; copied: number } {
  const row = prepared(
    db,
    `SELECT coalesce(sum(state = 'waiting'), 0) AS waiting, coalesce(sum(state = 'copied'), 0) AS copied FROM burst_members`,
  ).get() as { waiting: number; copied: number };
  return row;
}
