import type { Database } from 'better-sqlite3';

// The catalogue: folders hold files; a file is one location of a photo; a photo is identified by the hash
// of its bytes, so two copies share one caption and one bill. `search_docs` gathers every searchable
// word of a photo in one row, kept current by triggers; `photos_fts` indexes it as external content.
// "april 2019" finds photos taken then: the year, the month's name and the date as words.
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
export const TAKEN_WORDS = `CASE WHEN new.taken_at IS NULL THEN '' ELSE
  strftime('%Y', new.taken_at) || ' ' ||
  CASE strftime('%m', new.taken_at) ${MONTHS.map((m, i) => `WHEN '${String(i + 1).padStart(2, '0')}' THEN '${m}'`).join(' ')} ELSE '' END
  || ' ' || coalesce(strftime('%Y-%m-%d', new.taken_at), '') END`;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE folders (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      added_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE photos (
      id INTEGER PRIMARY KEY,
      hash TEXT NOT NULL UNIQUE,
      bytes INTEGER NOT NULL,
      format TEXT,
      width INTEGER,
      height INTEGER,
      taken_at TEXT,
      camera_make TEXT,
      camera_model TEXT,
      lens TEXT,
      gps_lat REAL,
      gps_lon REAL,
      orientation INTEGER,
      caption TEXT,
      caption_status TEXT NOT NULL DEFAULT 'queued'
        CHECK (caption_status IN ('queued', 'running', 'done', 'failed', 'refused')),
      caption_error TEXT,
      caption_model TEXT,
      caption_provider TEXT,
      prompt_version INTEGER,
      input_tokens INTEGER,
      output_tokens INTEGER,
      reported_cost REAL,
      captioned_at TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX photos_created ON photos (created_at DESC, id DESC);
    CREATE INDEX photos_taken ON photos (taken_at);
    -- The queue counts finished photos after every job.
    CREATE INDEX photos_caption_status ON photos (caption_status);
    -- An empty search lists the newest photos first.
    CREATE INDEX photos_newest ON photos (coalesce(taken_at, created_at) DESC, id DESC);

    CREATE TABLE photo_tags (
      photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      PRIMARY KEY (photo_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX photo_tags_tag ON photo_tags (tag);

    -- A file on disk. photo_id is null while the file is unreadable (error says why).
    CREATE TABLE files (
      id INTEGER PRIMARY KEY,
      folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
      path TEXT NOT NULL UNIQUE,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      photo_id INTEGER REFERENCES photos (id) ON DELETE SET NULL,
      error TEXT
    ) STRICT;
    CREATE INDEX files_photo ON files (photo_id);
    CREATE INDEX files_folder ON files (folder_id);

    -- The persisted caption queue: one row per photo that still needs (or failed) a caption.
    CREATE TABLE caption_jobs (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'failed', 'refused')),
      attempts INTEGER NOT NULL DEFAULT 0,
      run_after INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX caption_jobs_ready ON caption_jobs (state, run_after);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE search_docs (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      caption TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '',
      names TEXT NOT NULL DEFAULT '',
      camera TEXT NOT NULL DEFAULT '',
      place TEXT NOT NULL DEFAULT '',
      taken TEXT NOT NULL DEFAULT ''
    ) STRICT;

    CREATE VIRTUAL TABLE photos_fts USING fts5 (
      caption, tags, names, camera, place, taken,
      content = 'search_docs', content_rowid = 'photo_id',
      tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
      INSERT INTO photos_fts (rowid, caption, tags, names, camera, place, taken)
      VALUES (new.photo_id, new.caption, new.tags, new.names, new.camera, new.place, new.taken);
    END;
    CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
      INSERT INTO photos_fts (photos_fts, rowid, caption, tags, names, camera, place, taken)
      VALUES ('delete', old.photo_id, old.caption, old.tags, old.names, old.camera, old.place, old.taken);
    END;
    CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
      INSERT INTO photos_fts (photos_fts, rowid, caption, tags, names, camera, place, taken)
      VALUES ('delete', old.photo_id, old.caption, old.tags, old.names, old.camera, old.place, old.taken);
      INSERT INTO photos_fts (rowid, caption, tags, names, camera, place, taken)
      VALUES (new.photo_id, new.caption, new.tags, new.names, new.camera, new.place, new.taken);
    END;

    -- Keep search_docs current from the tables it summarises.
    CREATE TRIGGER photos_doc_ai AFTER INSERT ON photos BEGIN
      INSERT INTO search_docs (photo_id, caption, camera, place, taken)
      VALUES (new.id, coalesce(new.caption, ''),
              trim(coalesce(new.camera_make, '') || ' ' || coalesce(new.camera_model, '') || ' ' || coalesce(new.lens, '')),
              '', ${TAKEN_WORDS});
    END;
    CREATE TRIGGER photos_doc_au AFTER UPDATE OF caption, camera_make, camera_model, lens, taken_at ON photos BEGIN
      UPDATE search_docs SET
        caption = coalesce(new.caption, ''),
        camera = trim(coalesce(new.camera_make, '') || ' ' || coalesce(new.camera_model, '') || ' ' || coalesce(new.lens, '')),
        taken = ${TAKEN_WORDS}
      WHERE photo_id = new.id;
    END;
    CREATE TRIGGER photo_tags_doc_ai AFTER INSERT ON photo_tags BEGIN
      UPDATE search_docs SET tags = (SELECT coalesce(group_concat(tag, ' '), '') FROM photo_tags WHERE photo_id = new.photo_id)
      WHERE photo_id = new.photo_id;
    END;
    CREATE TRIGGER photo_tags_doc_ad AFTER DELETE ON photo_tags BEGIN
      UPDATE search_docs SET tags = (SELECT coalesce(group_concat(tag, ' '), '') FROM photo_tags WHERE photo_id = old.photo_id)
      WHERE photo_id = old.photo_id;
    END;
    -- names: every location's path (folder and file names), so "holiday" finds /Photos/Holiday 2019/….
    CREATE TRIGGER files_doc_ai AFTER INSERT ON files WHEN new.photo_id IS NOT NULL BEGIN
      UPDATE search_docs SET names = (SELECT coalesce(group_concat(path, ' '), '') FROM files WHERE photo_id = new.photo_id)
      WHERE photo_id = new.photo_id;
    END;
    CREATE TRIGGER files_doc_au AFTER UPDATE OF path, photo_id ON files BEGIN
      UPDATE search_docs SET names = (SELECT coalesce(group_concat(path, ' '), '') FROM files WHERE photo_id = old.photo_id)
      WHERE photo_id = old.photo_id;
      UPDATE search_docs SET names = (SELECT coalesce(group_concat(path, ' '), '') FROM files WHERE photo_id = new.photo_id)
      WHERE photo_id = new.photo_id;
    END;
    CREATE TRIGGER files_doc_ad AFTER DELETE ON files WHEN old.photo_id IS NOT NULL BEGIN
      UPDATE search_docs SET names = (SELECT coalesce(group_concat(path, ' '), '') FROM files WHERE photo_id = old.photo_id)
      WHERE photo_id = old.photo_id;
    END;
  `);
}
