import type { Database } from 'better-sqlite3';

// Search by meaning starts with word forms: the index stems words (Porter), so "runs", "running" and "run"
// meet, and keeps two- and three-letter prefix indexes so the word being typed is found without scanning
// every term. photos_vocab lists the indexed stems; the search corrects typos and checks related words
// against it. The content table and its triggers stay as they were: only the index is rebuilt.
export function up(db: Database): void {
  db.exec(`
    DROP TABLE photos_fts;
    CREATE VIRTUAL TABLE photos_fts USING fts5 (
      caption, tags, names, camera, place, taken,
      content = 'search_docs', content_rowid = 'photo_id',
      tokenize = 'porter unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
    INSERT INTO photos_fts (photos_fts) VALUES ('rebuild');
    CREATE VIRTUAL TABLE photos_vocab USING fts5vocab (photos_fts, 'row');
  `);
}
