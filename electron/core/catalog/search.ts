import type { Database } from 'better-sqlite3';
import { basename } from 'node:path';
import {
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  type CaptionStatus,
  type PhotoSummary,
  type SearchPage,
  type SearchQuery,
} from '../../../shared/types';
import { toFtsQuery } from './ftsQuery';

const DEFAULT_LIMIT = 100;
/** Caption matters most, then tags, then file/folder names, camera, place and the taken date. */
const RANK = 'bm25(photos_fts, 10.0, 6.0, 2.0, 2.0, 2.0, 2.0)';

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

export const SELECT_PHOTO = `p.id, p.hash, p.width, p.height, p.taken_at, p.caption, p.caption_status,
  (SELECT f.path FROM files f WHERE f.photo_id = p.id AND f.error IS NULL ORDER BY f.id LIMIT 1) AS path`;

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The filters shared by the ranked and the newest-first queries. */
function filters(q: SearchQuery): { sql: string; params: unknown[] } {
  const clauses = [
    q.folderId === undefined
      ? 'EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.error IS NULL)'
      : 'EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.error IS NULL AND f.folder_id = ?)',
  ];
  const params: unknown[] = q.folderId === undefined ? [] : [q.folderId];
  if (q.takenFrom) {
    clauses.push('p.taken_at >= ?');
    params.push(q.takenFrom);
  }
  if (q.takenTo) {
    clauses.push('p.taken_at < ?');
    params.push(nextDay(q.takenTo));
  }
  if (q.tag) {
    clauses.push(
      `EXISTS (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id AND t.tag = ? AND t.state <> 'rejected')`,
    );
    params.push(q.tag);
  }
  return { sql: clauses.join(' AND '), params };
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

function ranked(db: Database, match: string, q: SearchQuery, offset: number, limit: number): SearchPage {
  const where = filters(q);
  const items = db
    .prepare(
      `SELECT ${SELECT_PHOTO}, highlight(photos_fts, 0, ?, ?) AS highlighted
       FROM photos_fts JOIN photos p ON p.id = photos_fts.rowid
       WHERE photos_fts MATCH ? AND ${where.sql}
       ORDER BY ${RANK}, p.id DESC LIMIT ? OFFSET ?`,
    )
    .all(HIGHLIGHT_START, HIGHLIGHT_END, match, ...where.params, limit, offset) as SummaryRow[];
  // A page shorter than asked for on the first screen already tells the total.
  const total =
    offset === 0 && items.length < limit
      ? items.length
      : (
          db
            .prepare(
              `SELECT count(*) AS total FROM photos_fts JOIN photos p ON p.id = photos_fts.rowid
               WHERE photos_fts MATCH ? AND ${where.sql}`,
            )
            .get(match, ...where.params) as { total: number }
        ).total;
  return { total, offset, items: items.map((row) => toSummary(row, true)) };
}

function newest(db: Database, q: SearchQuery, offset: number, limit: number): SearchPage {
  const where = filters(q);
  const items = db
    .prepare(
      `SELECT ${SELECT_PHOTO}, NULL AS highlighted FROM photos p WHERE ${where.sql}
       ORDER BY coalesce(p.taken_at, p.created_at) DESC, p.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...where.params, limit, offset) as SummaryRow[];
  // Without filters, counting photos that have a readable file walks one index instead of probing each photo.
  const { total } = (
    where.params.length === 0
      ? db
          .prepare(
            `SELECT count(DISTINCT photo_id) AS total FROM files WHERE photo_id IS NOT NULL AND error IS NULL`,
          )
          .get()
      : db.prepare(`SELECT count(*) AS total FROM photos p WHERE ${where.sql}`).get(...where.params)
  ) as { total: number };
  return { total, offset, items: items.map((row) => toSummary(row, false)) };
}

/**
 * One search box over captions, tags, names, camera and place, ranked by bm25 with the caption's matched
 * words marked. When every word together finds nothing, any word will do. No text: newest photos first.
 */
export function searchPhotos(db: Database, q: SearchQuery): SearchPage {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? DEFAULT_LIMIT;
  const all = toFtsQuery(q.text, 'all');
  if (all === null) return newest(db, q, offset, limit);
  const page = ranked(db, all, q, offset, limit);
  if (page.total > 0) return page;
  const any = toFtsQuery(q.text, 'any')!;
  return any === all ? page : ranked(db, any, q, offset, limit);
}
