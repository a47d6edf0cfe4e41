import type { Database } from 'better-sqlite3';

// The vocabulary page counted every tag of every photo by state each time it opened: 60-300 ms at 100,000
// photos (half a million tag rows), holding the API meanwhile. This table holds those counts instead, kept by
// triggers in the same transaction as the tags they count, so reading them costs what the number of distinct
// tags does. One row per tag (case-insensitively, as photo_tags compares tags) and state, gone at n = 0 so a
// tag no photo has any more leaves the list. The spelling shown is the one the tag first arrived with, or the
// one a rename gave it (a change of case only included, hence the binary comparison).
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE tag_counts (
      tag TEXT NOT NULL COLLATE NOCASE,
      state TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (tag, state)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO tag_counts (tag, state, n)
      SELECT min(tag), state, count(*) FROM photo_tags GROUP BY tag, state;

    CREATE TRIGGER tag_counts_insert AFTER INSERT ON photo_tags
    BEGIN
      INSERT INTO tag_counts (tag, state, n) VALUES (new.tag, new.state, 1)
        ON CONFLICT (tag, state) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER tag_counts_delete AFTER DELETE ON photo_tags
    BEGIN
      UPDATE tag_counts SET n = n - 1 WHERE tag = old.tag AND state = old.state;
      DELETE FROM tag_counts WHERE tag = old.tag AND state = old.state AND n <= 0;
    END;
    CREATE TRIGGER tag_counts_update AFTER UPDATE OF tag, state ON photo_tags
      WHEN new.tag IS NOT old.tag COLLATE BINARY OR new.state IS NOT old.state
    BEGIN
      UPDATE tag_counts SET n = n - 1 WHERE tag = old.tag AND state = old.state;
      DELETE FROM tag_counts WHERE tag = old.tag AND state = old.state AND n <= 0;
      INSERT INTO tag_counts (tag, state, n) VALUES (new.tag, new.state, 1)
        ON CONFLICT (tag, state) DO UPDATE SET n = n + 1, tag = excluded.tag;
    END;
  `);
}
