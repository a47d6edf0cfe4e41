import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared';
import { hasFileInFolder, type SizeCount } from './photosStore';

// Reads of `caption_jobs` outside the captioning queue (whose own statements are in captioning/jobStore.ts).

/** Photos waiting for the user's approval (with a file in one folder, or anywhere), counted per size. */
export function sizesAwaitingApproval(db: Database, folderId: number | null): SizeCount[] {
  const folder = folderId === null ? '' : `AND ${hasFileInFolder('?')}`;
  return prepared(
    db,
    `SELECT p.width AS width, p.height AS height, count(*) AS n
     FROM caption_jobs j JOIN photos p ON p.id = j.photo_id
     WHERE j.state = 'queued' AND j.approved = 0 ${folder}
     GROUP BY p.width, p.height`,
  ).all(...(folderId === null ? [] : [folderId])) as SizeCount[];
}
