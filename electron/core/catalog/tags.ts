import type { Database } from 'better-sqlite3';
import type { TagCount } from '../../../shared/types';

/** Tags by how many photos carry them (rejections not counted), for the tag filter and completion. */
export function listTags(db: Database, limit = 200): TagCount[] {
  return db
    .prepare(
      `SELECT min(tag) AS tag, count(*) AS count FROM photo_tags t
       WHERE t.state <> 'rejected' AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = t.photo_id AND f.error IS NULL)
       GROUP BY tag COLLATE NOCASE ORDER BY count DESC, tag LIMIT ?`,
    )
    .all(limit) as TagCount[];
}
