// The export's reads: which photos a scope covers (when no ranking is asked for), what their calls cost and
// the photos themselves as the exports describe them, a block of ids at a time.
import type { Database } from 'better-sqlite3';
import { prepared, preparedValues } from '../db/prepared';
import type { DateFilter, ExportContent, ExportRecord, ExportScope, TagEntry } from '../../../shared/types';
import { captionEntryOf, tagEntryOf } from '../catalog/photo';
import { TAG_COLUMNS, TAG_ORDER, type TagRow } from './tagsStore';
import { filters } from './searchScope';
import { hasReadableFile, isReadable, picturesFirst } from './photosStore';

/**
 * The photos of a scope that asks for no ranking (no search, or one without words: a tag, dates, a folder),
 * in catalogue order. Only photos with a readable file can be exported.
 */
export function unrankedScopeIds(
  db: Database,
  scope: ExportScope,
  dateFilter: DateFilter | null = null,
): number[] {
  if (scope.search) {
    const query = filteredIdsQuery(scope.search, scope.folderId, dateFilter);
    return preparedValues(db, query.sql).all(...query.params) as number[];
  }
  if (scope.folderId === undefined)
    return preparedValues(
      db,
      `SELECT DISTINCT f.photo_id FROM files f WHERE f.photo_id IS NOT NULL AND ${isReadable()} ORDER BY f.photo_id`,
    ).all() as number[];
  return preparedValues(
    db,
    `SELECT DISTINCT f.photo_id FROM files f
     WHERE f.photo_id IS NOT NULL AND ${isReadable()} AND f.folder_id = ? ORDER BY f.photo_id`,
  ).all(scope.folderId) as number[];
}

/** The ids, in the order given, of the photos that have a readable file (a ranking reads the index alone). */
export function withReadableFile(db: Database, ids: readonly number[]): number[] {
  return preparedValues(
    db,
    `SELECT ranked.value FROM json_each(?) ranked WHERE ${hasReadableFile({ photoId: 'ranked.value' })}
     ORDER BY ranked.key`,
  ).all(JSON.stringify(ids)) as number[];
}

/**
 * A scope without words (a tag, dates, a folder) asks for no ranking: the same photos the search lists, in
 * one query that a tag's index drives, instead of page after page of the ranked search.
 */
export function filteredIdsQuery(
  search: NonNullable<ExportScope['search']>,
  folderId: number | undefined,
  dateFilter: DateFilter | null = null,
): { sql: string; params: unknown[] } {
  const where = filters({ ...search, folderId }, dateFilter);
  const byTag = search.tag
    ? `p.id IN (SELECT photo_id FROM photo_tags WHERE tag = ? AND state <> 'rejected') AND `
    : '';
  return {
    sql: `SELECT p.id FROM photos p WHERE ${byTag}${where.sql} ORDER BY p.id`,
    params: [...(search.tag ? [search.tag] : []), ...where.params],
  };
}

/** What counts under the user's choice: their word only, or the model's unreviewed suggestions too. */
export function included(state: TagEntry['state'], content: ExportContent): boolean {
  if (state === 'rejected') return false;
  return content === 'suggestions' || state !== 'suggested';
}

export interface LedgerCosts {
  byPhoto: Map<number, number>;
  byHash: Map<string, number>;
}

/**
 * What each photo's calls cost, read once per export. A call belongs to its photo by id; a call whose photo
 * was since removed and added again (a new id, the same bytes) is found by hash.
 */
export function ledgerCosts(db: Database): LedgerCosts {
  const costs: LedgerCosts = { byPhoto: new Map(), byHash: new Map() };
  const calls = prepared(
    db,
    `SELECT l.photo_id, l.photo_hash, l.cost, EXISTS (SELECT 1 FROM photos p WHERE p.id = l.photo_id) AS live
     FROM ledger l WHERE l.state = 'settled' AND l.cost > 0`,
  ).all() as Array<{ photo_id: number | null; photo_hash: string | null; cost: number; live: number }>;
  for (const call of calls) {
    if (call.live === 1)
      costs.byPhoto.set(call.photo_id!, (costs.byPhoto.get(call.photo_id!) ?? 0) + call.cost);
    else if (call.photo_hash)
      costs.byHash.set(call.photo_hash, (costs.byHash.get(call.photo_hash) ?? 0) + call.cost);
  }
  return costs;
}

interface PhotoRow extends CaptionColumns {
  id: number;
  hash: string;
  taken_at: string | null;
  camera_make: string | null;
  camera_model: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
}
type CaptionColumns = Parameters<typeof captionEntryOf>[0];

function groupBy<T extends { photo_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.photo_id);
    if (group) group.push(row);
    else groups.set(row.photo_id, [row]);
  }
  return groups;
}

/** One photo as an export describes it, with the catalogue id the writers record their work against. */
export interface LoadedRecord {
  photoId: number;
  record: ExportRecord;
}

/**
 * The photos as the exports describe them, in the order given; photos with no readable file are left out.
 * A few set-based queries per batch rather than several per photo: 100,000 photos export in seconds.
 */
export function loadExportRecords(
  db: Database,
  ids: readonly number[],
  content: ExportContent,
  costs: LedgerCosts = ledgerCosts(db),
): LoadedRecord[] {
  const list = JSON.stringify(ids);
  const inList = (column: string) => `${column} IN (SELECT value FROM json_each(@list))`;
  const photos = new Map(
    (
      prepared(
        db,
        `SELECT id, hash, taken_at, camera_make, camera_model, gps_lat, gps_lon, caption, caption_state,
           caption_origin, caption_detail, caption_prompt_version, caption_updated_at
         FROM photos WHERE ${inList('id')}`,
      ).all({ list }) as PhotoRow[]
    ).map((row) => [row.id, row]),
  );
  const paths = groupBy(
    prepared(
      db,
      `SELECT f.photo_id, f.path FROM files f
       WHERE ${isReadable()} AND ${inList('f.photo_id')} ORDER BY f.photo_id, ${picturesFirst()}, f.id`,
    ).all({ list }) as Array<{ photo_id: number; path: string }>,
  );
  const tags = groupBy(
    prepared(
      db,
      `SELECT photo_id, ${TAG_COLUMNS} FROM photo_tags WHERE ${inList('photo_id')} ORDER BY photo_id, ${TAG_ORDER}`,
    ).all({ list }) as Array<TagRow & { photo_id: number }>,
  );
  const records: LoadedRecord[] = [];
  for (const id of ids) {
    const row = photos.get(id);
    const locations = paths.get(id);
    if (!row || !locations) continue;
    const caption = captionEntryOf(row);
    const record: ExportRecord = {
      path: locations[0]!.path,
      otherPaths: locations.slice(1).map((l) => l.path),
      hash: row.hash,
      caption: caption && included(caption.state, content) ? caption : null,
      tags: (tags.get(id) ?? []).filter((t) => included(t.state, content)).map(tagEntryOf),
      takenAt: row.taken_at,
      cameraMake: row.camera_make,
      cameraModel: row.camera_model,
      gpsLatitude: row.gps_lat,
      gpsLongitude: row.gps_lon,
      costUsd: (costs.byPhoto.get(id) ?? 0) + (costs.byHash.get(row.hash) ?? 0),
    };
    records.push({ photoId: id, record });
  }
  return records;
}
