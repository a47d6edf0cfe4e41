import type { Database } from 'better-sqlite3';
import type { TagCount } from '../../../shared/types';
import { tagsByUse } from '../stores/tagsStore';

/** Tags by how many photos carry them (rejections not counted), for the tag filter and completion. */
export function listTags(db: Database, limit = 200): TagCount[] {
  return tagsByUse(db, limit);
}
