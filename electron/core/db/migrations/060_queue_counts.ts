import type { Database } from 'better-sqlite3';

// The queue's status (shown at every start and pushed as jobs move) counted every job by state, the jobs that
// wait for approval row by row, and every captioned photo: 20-400 ms at each start of a 20,000-photo library,
// growing with it. These tables hold the counts instead, kept by triggers in the same transaction as the rows
// they count, so reading them costs the same at 100 or 200,000 photos.
//
// `caption_job_counts` is keyed by everything a count asks about (state, approved, origin); a key that no job
// has any more keeps its row at n = 0. `photo_status_counts` counts photos by caption_status.
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

    CREATE TABLE photo_status_counts (
      caption_status TEXT PRIMARY KEY,
      n INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    INSERT INTO photo_status_counts (caption_status, n)
      SELECT caption_status, count(*) FROM photos GROUP BY caption_status;

    CREATE TRIGGER photo_status_counts_insert AFTER INSERT ON photos
    BEGIN
      INSERT OR IGNORE INTO photo_status_counts (caption_status, n) VALUES (new.caption_status, 0);
      UPDATE photo_status_counts SET n = n + 1 WHERE caption_status = new.caption_status;
    END;
    CREATE TRIGGER photo_status_counts_delete AFTER DELETE ON photos
    BEGIN
      UPDATE photo_status_counts SET n = n - 1 WHERE caption_status = old.caption_status;
    END;
    CREATE TRIGGER photo_status_counts_update AFTER UPDATE OF caption_status ON photos
      WHEN new.caption_status IS NOT old.caption_status
    BEGIN
      UPDATE photo_status_counts SET n = n - 1 WHERE caption_status = old.caption_status;
      INSERT OR IGNORE INTO photo_status_counts (caption_status, n) VALUES (new.caption_status, 0);
      UPDATE photo_status_counts SET n = n + 1 WHERE caption_status = new.caption_status;
    END;
  `);
}
