import type { Database } from 'better-sqlite3';

// What Shoebox itself wrote into sidecars and originals. A file read again later (a rescan, a watched
// sidecar) may hold Shoebox's own earlier suggestions; this lets them be told from the owner's words, and lets
// a later export take back words it wrote that the owner has since rejected or renamed.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE exported_words (
      photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('caption', 'tag')),
      -- As written, but compared without regard to case (tags are one tag whatever their case).
      word TEXT NOT NULL COLLATE NOCASE,
      -- 1 while the word, when last exported, was a model's suggestion nobody had reviewed.
      suggested INTEGER NOT NULL CHECK (suggested IN (0, 1)),
      PRIMARY KEY (photo_id, kind, word)
    ) STRICT, WITHOUT ROWID;
  `);
}
