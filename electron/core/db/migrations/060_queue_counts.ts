import type { Database } from 'better-sqlite3';

// The queue's status (shown at every start and pushed as jobs move) counted every job by state and the jobs
// that wait for approval row by row: 20-400 ms at each start of a 20,000-photo library, growing with it. This
// table holds those counts instead, kept by triggers in the same transaction as the jobs they count, so
// reading them costs the same at 100 or 200,000 jobs. Keyed by everything a count asks about (state, approved,
// origin); a key that no job has any more keeps its row at n = 0. (Captioned photos are still counted from
// their index, photos_caption_status: a counter there would add a page to every photo's write.)
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE caption_job_counts (
      state TEXT NOT NULL,
      approved INTEGER NOT NULL,
      origin TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (state, approved, origin)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO caption_job_counts (state, approved, origin, n)
      SELECT state, approved, origin, count(*) FROM caption_jobs GROUP BY state, approved, origin;

    CREATE TRIGGER caption_job_counts_insert AFTER INSERT ON caption_jobs
    BEGIN
      INSERT OR IGNORE INTO caption_job_counts (state, approved, origin, n)
        VALUES (new.state, new.approved, new.origin, 0);
      UPDATE caption_job_counts SET n = n + 1
        WHERE state = new.state AND approved = new.approved AND origin = new.origin;
    END;
    CREATE TRIGGER caption_job_counts_delete AFTER DELETE ON caption_jobs
    BEGIN
      UPDATE caption_job_counts SET n = n - 1
        WHERE state = old.state AND approved = old.approved AND origin = old.origin;
    END;
    CREATE TRIGGER caption_job_counts_update AFTER UPDATE OF state, approved, origin ON caption_jobs
      WHEN new.state IS NOT old.state OR new.approved IS NOT old.approved OR new.origin IS NOT old.origin
    BEGIN
      UPDATE caption_job_counts SET n = n - 1
        WHERE state = old.state AND approved = old.approved AND origin = old.origin;
      INSERT OR IGNORE INTO caption_job_counts (state, approved, origin, n)
        VALUES (new.state, new.approved, new.origin, 0);
      UPDATE caption_job_counts SET n = n + 1
        WHERE state = new.state AND approved = new.approved AND origin = new.origin;
    END;
  `);
}
