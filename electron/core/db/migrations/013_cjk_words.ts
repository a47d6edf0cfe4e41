import type { Database } from 'better-sqlite3';

// Words inside Chinese, Japanese and Korean text become findable: the index is fed each searchable column
// through search_text() (see language/cjk.ts), which spaces CJK characters apart, and reads its external
// content through a view doing the same, so a rebuild and a delete see exactly what was indexed. The
// content table and the triggers keeping it current stay as they were; only the index is rebuilt.
const INDEXED = `search_text(caption) AS caption, search_text(tags) AS tags, search_text(names) AS names,
  search_text(camera) AS camera, search_text(place) AS place, taken`;

function values(row: 'new' | 'old'): string {
  return `${row}.photo_id, search_text(${row}.caption), search_text(${row}.tags), search_text(${row}.names),
    search_text(${row}.camera), search_text(${row}.place), ${row}.taken`;
}

export function up(db: Database): void {
  db.exec(`
    DROP TRIGGER search_docs_ai;
    DROP TRIGGER search_docs_ad;
    DROP TRIGGER search_docs_au;
    DROP TABLE photos_vocab;
    DROP TABLE photos_fts;
    CREATE VIEW search_docs_indexed AS SELECT photo_id, ${INDEXED} FROM search_docs;
    CREATE VIRTUAL TABLE photos_fts USING fts5 (
      caption, tags, names, camera, place, taken,
      content = 'search_docs_indexed', content_rowid = 'photo_id',
      tokenize = 'porter unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
    CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
      INSERT INTO photos_fts (rowid, caption, tags, names, camera, place, taken) VALUES (${values('new')});
    END;
    CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
      INSERT INTO photos_fts (photos_fts, rowid, caption, tags, names, camera, place, taken)
      VALUES ('delete', ${values('old')});
    END;
    CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
      INSERT INTO photos_fts (photos_fts, rowid, caption, tags, names, camera, place, taken)
      VALUES ('delete', ${values('old')});
      INSERT INTO photos_fts (rowid, caption, tags, names, camera, place, taken) VALUES (${values('new')});
    END;
    INSERT INTO photos_fts (photos_fts) VALUES ('rebuild');
    CREATE VIRTUAL TABLE photos_vocab USING fts5vocab (photos_fts, 'row');
  `);
}
