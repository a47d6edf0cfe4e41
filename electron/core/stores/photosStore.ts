import type { Database } from 'better-sqlite3';
import { basename } from 'node:path';
import type { CaptionStatus, PhotoLocation, PhotoSummary } from '../../../shared/types';
import { prepared, preparedValues } from '../db/prepared';
import { RAW_EXTENSIONS } from '../imaging/rawFormat';

/**
 * A file is readable when the last scan could read it (its `error` is null); a photo is shown, searched, reviewed
 * and uploaded only while one of its files is. This file is the one place that says so in SQL.
 */
export function isReadable(file = 'f'): string {
  return `${file}.error IS NULL`;
}

/**
 * SQL that holds when photo `photoId` (a column, `p.id` by default) has a readable file, in one folder when
 * `folder` names a parameter or column (`?`, `@folderId`). The files are aliased `f` inside.
 */
export function hasReadableFile(options: { photoId?: string; folder?: string } = {}): string {
  const folder = options.folder === undefined ? '' : ` AND f.folder_id = ${options.folder}`;
  return `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = ${options.photoId ?? 'p.id'} AND ${isReadable()}${folder})`;
}

/** SQL that holds when photo `p` has a file, readable or not, in folder `folder` (a parameter or column). */
export function hasFileInFolder(folder: string): string {
  return `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id = ${folder})`;
}

/**
 * SQL that holds when photo `photoId` (a column) may go to a cloud provider: a readable copy of it is in a folder
 * the user did not keep local-only. The one place that says so, for single calls and batches alike.
 */
export function mayGoToCloud(photoId: string): string {
  return `EXISTS (SELECT 1 FROM files f JOIN folders d ON d.id = f.folder_id
    WHERE f.photo_id = ${photoId} AND ${isReadable()} AND d.local_only = 0)`;
}

/**
 * The same as `hasReadableFile()` for photo `photoId` (a column), read from the photos without one that
 * migration 073's triggers keep: one look in a small table rather than in the files index, for lists that
 * skip many rows.
 */
export const HAS_READABLE_FILE_KEPT = (photoId: string) =>
  `NOT EXISTS (SELECT 1 FROM unreadable_photos u WHERE u.photo_id = ${photoId})`;

/** The common case: photo `p` has a readable file somewhere. */
export const READABLE_FILE = hasReadableFile();

/** SQL that holds when `path` (a column) is not a RAW file's: one cut of its end per extension length. */
function notRaw(path: string): string {
  const lengths = [...new Set(RAW_EXTENSIONS.map((ext) => ext.length))];
  return lengths
    .map((n) => {
      const ends = RAW_EXTENSIONS.filter((ext) => ext.length === n).map((ext) => `'.${ext}'`);
      return `lower(substr(${path}, -${n + 1})) NOT IN (${ends.join(', ')})`;
    })
    .join(' AND ');
}

/** An ORDER BY term that puts a photo's non-RAW files before its RAW ones, as `readablePathOf` chooses. */
export function picturesFirst(path = 'f.path'): string {
  return `(${notRaw(path)}) DESC`;
}

/**
 * SQL for the path of the readable file that stands for photo `photoId` (a column), NULL without one. A
 * photo may live at several paths; any readable one will do for thumbnails, uploads, "show in folder" and the
 * name a list shows. A RAW+JPEG pair is one photo whose pictures come from the JPEG, whichever of the two was
 * found first, so every one of those reads this: the first readable file that is not a RAW, else the first
 * readable file. Two index walks in file order rather than one sort by a computed key: lists read it on every
 * row of every page (`test/bench/summaryPath.bench.ts`).
 */
export function readablePathOf(photoId: string): string {
  const readable = `FROM files f WHERE f.photo_id = ${photoId} AND ${isReadable()}`;
  return `coalesce((SELECT f.path ${readable} AND ${notRaw('f.path')} ORDER BY f.id LIMIT 1),
    (SELECT f.path ${readable} ORDER BY f.id LIMIT 1))`;
}

/** A photo's row as lists show it (the grid, review), from `photos p`, with its readable file's path. */
export const SUMMARY_COLUMNS = `p.id, p.hash, p.width, p.height, p.taken_at, p.caption, p.caption_status,
  ${readablePathOf('p.id')} AS path`;

export interface SummaryRow {
  id: number;
  hash: string;
  width: number | null;
  height: number | null;
  taken_at: string | null;
  caption: string | null;
  caption_status: CaptionStatus;
  highlighted: string | null;
  path: string | null;
}

export function toSummary(row: SummaryRow, withHighlight: boolean): PhotoSummary {
  return {
    id: row.id,
    hash: row.hash,
    fileName: row.path ? basename(row.path) : '',
    width: row.width,
    height: row.height,
    takenAt: row.taken_at,
    caption: row.caption,
    captionHighlighted: withHighlight && row.caption !== null ? (row.highlighted ?? row.caption) : null,
    status: row.caption_status,
  };
}

/** How many photos of each size a query found. */
export interface SizeCount {
  width: number | null;
  height: number | null;
  n: number;
}

export function photoExists(db: Database, photoId: number): boolean {
  return prepared(db, `SELECT 1 FROM photos WHERE id = ?`).get(photoId) !== undefined;
}

export interface PendingReviewQuery {
  folderId: number | null;
  /** Only photos this model captioned (the model that answered). */
  model: string | null;
  limit: number;
  offset: number;
}

/** The filter on review_pending `r` for a queue query: readable (in the folder), by the model. */
function pendingWhere(q: { folderId: number | null; model: string | null }): string {
  // A readable file in the folder is a readable file: one EXISTS per photo, not two.
  const readable =
    q.folderId === null
      ? HAS_READABLE_FILE_KEPT('r.photo_id')
      : hasReadableFile({ photoId: 'r.photo_id', folder: '@folderId' });
  return q.model === null
    ? `WHERE ${readable}`
    : `WHERE EXISTS (SELECT 1 FROM photos m WHERE m.id = r.photo_id AND m.caption_model = @model) AND ${readable}`;
}

/** The ids of one page of the queue, in its order; exported for its query plan's test. */
export function pendingPageIds(where = pendingWhere({ folderId: null, model: null })): string {
  return `SELECT r.photo_id, r.newest FROM review_pending r ${where}
    ORDER BY r.newest DESC, r.photo_id DESC LIMIT @limit OFFSET @offset`;
}

/**
 * Readable photos with suggestions nobody has reviewed, newest first, and how many there are in all. The page
 * walks review_pending's index in this order and stops after it; the count, without a folder or model, is
 * review_pending's size less its unreadable photos (both kept by triggers: migration 073), so neither reads
 * every photo. With a folder or a model the count still visits each waiting photo once.
 */
export function pendingReviewPage(
  db: Database,
  q: PendingReviewQuery,
): { total: number; rows: SummaryRow[] } {
  const where = pendingWhere(q);
  // The page's ids first, walking review_pending's index in the order shown (no sort) and reading nothing
  // else for the rows an offset skips; the summary columns (each a look at the photo's files) only for the page.
  const rows = prepared(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM
       (${pendingPageIds(where)}) page
     CROSS JOIN photos p ON p.id = page.photo_id
     ORDER BY page.newest DESC, page.photo_id DESC`,
  ).all(q) as SummaryRow[];
  return { total: pendingReviewCount(db, q, where), rows };
}

/** How many photos the queue holds for `q`, reading as few rows as its filters allow. */
function pendingReviewCount(db: Database, q: PendingReviewQuery, where: string): number {
  if (q.folderId === null && q.model === null) {
    return preparedValues(
      db,
      `SELECT (SELECT count(*) FROM review_pending)
         - (SELECT count(*) FROM unreadable_photos u CROSS JOIN review_pending r ON r.photo_id = u.photo_id)`,
    ).get() as number;
  }
  if (q.model === null) {
    // One probe of the folder's files index per waiting photo; the photo's own row is not read.
    return preparedValues(
      db,
      `SELECT count(*) FROM review_pending r WHERE ${hasReadableFile({ photoId: 'r.photo_id', folder: '@folderId' })}`,
    ).get(q) as number;
  }
  return preparedValues(db, `SELECT count(*) FROM review_pending r ${where}`).get(q) as number;
}

export function findReadablePath(db: Database, hash: string): string | null {
  const path = preparedValues(db, `SELECT ${readablePathOf('p.id')} FROM photos p WHERE p.hash = ?`).get(
    hash,
  ) as string | null | undefined;
  return path ?? null;
}

export function findReadablePathById(db: Database, photoId: number): string | null {
  const path = preparedValues(db, `SELECT ${readablePathOf('p.id')} FROM photos p WHERE p.id = ?`).get(
    photoId,
  ) as string | null | undefined;
  return path ?? null;
}

/** Every column of photo `id`, with its caption job's attempts (null without a job); undefined when none. */
export function photoWithAttempts(db: Database, id: number): unknown {
  return prepared(
    db,
    `SELECT p.*, j.attempts AS attempts FROM photos p LEFT JOIN caption_jobs j ON j.photo_id = p.id WHERE p.id = ?`,
  ).get(id);
}

/** The readable files of a photo, in the order they were found. */
export function readableLocations(db: Database, photoId: number): PhotoLocation[] {
  return prepared(
    db,
    `SELECT f.path, f.folder_id AS folderId, f.size, f.mtime_ms AS mtimeMs FROM files f
     WHERE f.photo_id = ? AND ${isReadable('f')} ORDER BY f.id`,
  ).all(photoId) as PhotoLocation[];
}

/**
 * A photo's bytes changed in place (metadata written into it): it takes the new hash, unless another photo
 * already has those bytes.
 */
export function rehashPhoto(db: Database, photoId: number, hash: string): void {
  const taken = prepared(db, `SELECT 1 FROM photos WHERE hash = ?`).get(hash);
  if (taken === undefined) prepared(db, `UPDATE photos SET hash = ? WHERE id = ?`).run(hash, photoId);
}

/** A file's size and whole-millisecond mtime as they are now, so a catch-up finds it unchanged. */
export function recordFileStat(db: Database, path: string, size: number, mtimeMs: number): void {
  prepared(db, `UPDATE files SET size = ?, mtime_ms = ? WHERE path = ?`).run(size, mtimeMs, path);
}
