import type { Database } from 'better-sqlite3';

// What the catalogue itself teaches: words that keep appearing together in its captions and tags ("beach"
// with "sand" and "ocean"), so a search for one also finds photos described with the other. Rebuilt from
// the newest photos when the catalogue has grown; word_pairs_built says from how many.
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE word_pairs (
      word TEXT NOT NULL,
      other TEXT NOT NULL,
      -- Normalised pointwise mutual information, 0..1: how much more often the two meet than by chance.
      score REAL NOT NULL,
      PRIMARY KEY (word, other)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE word_pairs_built (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      last_photo_id INTEGER NOT NULL,
      photos INTEGER NOT NULL,
      built_at TEXT NOT NULL
    ) STRICT;
  `);
}
