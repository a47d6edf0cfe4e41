import type { Database } from 'better-sqlite3';
import type { ExportContent, ExportRecord, ExportScope, TagEntry } from '../../../shared/types';
import { captionEntryOf, tagEntriesOf } from '../catalog/photo';
import { searchPhotos } from '../catalog/search';

const SEARCH_PAGE = 5_000;

/** The photos an export covers, in catalogue order. Only photos with a readable file can be exported. */
export function scopePhotoIds(db: Database, scope: ExportScope): number[] {
  if (scope.search) {
    const ids: number[] = [];
    for (let offset = 0; ; offset += SEARCH_PAGE) {
      const page = searchPhotos(db, {
        ...scope.search,
        folderId: scope.folderId,
        offset,
        limit: SEARCH_PAGE,
      });
      ids.push(...page.items.map((item) => item.id));
      if (page.items.length < SEARCH_PAGE) return ids;
    }
  }
  return (
    scope.folderId === undefined
      ? db.prepare(
          `SELECT DISTINCT photo_id FROM files WHERE photo_id IS NOT NULL AND error IS NULL ORDER BY photo_id`,
        )
      : db.prepare(
          `SELECT DISTINCT photo_id FROM files WHERE photo_id IS NOT NULL AND error IS NULL AND folder_id = ? ORDER BY photo_id`,
        )
  )
    .pluck()
    .all(...(scope.folderId === undefined ? [] : [scope.folderId])) as number[];
}

/** What counts under the user's choice: their word only, or the model's unreviewed suggestions too. */
export function included(state: TagEntry['state'], content: ExportContent): boolean {
  if (state === 'rejected') return false;
  return content === 'suggestions' || state !== 'suggested';
}

/** One photo as the exports describe it; null when it has no readable file any more. */
export function loadExportRecord(db: Database, photoId: number, content: ExportContent): ExportRecord | null {
  const row = db
    .prepare(
      `SELECT hash, taken_at, camera_make, camera_model, gps_lat, gps_lon, caption, caption_state, caption_origin,
         caption_detail, caption_prompt_version, caption_updated_at FROM photos WHERE id = ?`,
    )
    .get(photoId) as
    | (Parameters<typeof captionEntryOf>[0] & {
        hash: string;
        taken_at: string | null;
        camera_make: string | null;
        camera_model: string | null;
        gps_lat: number | null;
        gps_lon: number | null;
      })
    | undefined;
  if (!row) return null;
  const paths = db
    .prepare(`SELECT path FROM files WHERE photo_id = ? AND error IS NULL ORDER BY id`)
    .pluck()
    .all(photoId) as string[];
  if (paths.length === 0) return null;
  const caption = captionEntryOf(row);
  const cost = db
    .prepare(
      `SELECT coalesce(sum(CASE WHEN state = 'settled' THEN cost ELSE 0 END), 0) FROM ledger WHERE photo_id = ? OR photo_hash = ?`,
    )
    .pluck()
    .get(photoId, row.hash) as number;
  return {
    path: paths[0]!,
    otherPaths: paths.slice(1),
    hash: row.hash,
    caption: caption && included(caption.state, content) ? caption : null,
    tags: tagEntriesOf(db, photoId).filter((t) => included(t.state, content)),
    takenAt: row.taken_at,
    cameraMake: row.camera_make,
    cameraModel: row.camera_model,
    gpsLatitude: row.gps_lat,
    gpsLongitude: row.gps_lon,
    costUsd: cost,
  };
}
