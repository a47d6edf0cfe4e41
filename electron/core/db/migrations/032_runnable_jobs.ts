import type { Database } from 'better-sqlite3';

// The queue looks for its next job on every wake, and a scan wakes it once per photo. With a backlog
// waiting for approval, "the first approved job" walked every waiting row: these partial indexes hold only
// the rows each look-up can return, so the look-up costs the same at 100 or 100,000 jobs waiting.
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX caption_jobs_sendable ON caption_jobs (run_after, photo_id)
      WHERE state = 'queued' AND batch_id IS NULL AND (approved = 1 OR origin = 'watch');
    CREATE INDEX caption_jobs_queued ON caption_jobs (run_after, photo_id)
      WHERE state = 'queued' AND batch_id IS NULL;
  `);
}
