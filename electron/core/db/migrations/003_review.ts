import type { Database } from 'better-sqlite3';

// Review: every caption and tag carries a state (suggested, accepted, rejected, user) and its provenance, so a
// model may only ever replace what nobody has looked at. Rejected tags stay (and stay out of search) so the
// next answer cannot bring them back. Vocabulary rules rewrite future model output; every user change is
// logged with what it replaced, so any change, bulk ones too, can be undone.
const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
// The words a photo's date is found by, as migration 001 wrote them (copied, not imported: a migration is a
// snapshot and must not change when another file does).
const TAKEN_WORDS = `CASE WHEN new.taken_at IS NULL THEN '' ELSE
  strftime('%Y', new.taken_at) || ' ' ||
  CASE strftime('%m', new.taken_at) WHEN '01' THEN 'january' WHEN '02' THEN 'february' WHEN '03' THEN 'march' WHEN '04' THEN 'april' WHEN '05' THEN 'may' WHEN '06' THEN 'june' WHEN '07' THEN 'july' WHEN '08' THEN 'august' WHEN '09' THEN 'september' WHEN '10' THEN 'october' WHEN '11' THEN 'november' WHEN '12' THEN 'december' ELSE '' END
  || ' ' || coalesce(strftime('%Y-%m-%d', new.taken_at), '') END`;
const SEARCHABLE_TAGS = (photoId: string) =>
  `(SELECT coalesce(group_concat(tag, ' '), '') FROM photo_tags WHERE photo_id = ${photoId} AND state <> 'rejected')`;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE photo_tags_v3 (
      photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
      -- "Beach" and "beach" are one tag on a photo; the first spelling is kept.
      tag TEXT NOT NULL COLLATE NOCASE,
      state TEXT NOT NULL DEFAULT 'suggested' CHECK (state IN ('suggested', 'accepted', 'rejected', 'user')),
      origin TEXT NOT NULL DEFAULT 'model' CHECK (origin IN ('model', 'user', 'import')),
      -- The model for 'model', where it was read for 'import'.
      detail TEXT,
      prompt_version INTEGER,
      updated_at TEXT NOT NULL DEFAULT ${NOW},
      -- The model's order: most important first.
      position INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (photo_id, tag)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO photo_tags_v3 (photo_id, tag, state, origin, detail, prompt_version, updated_at)
      SELECT t.photo_id, t.tag, 'suggested', 'model', p.caption_model, p.prompt_version, coalesce(p.captioned_at, ${NOW})
      FROM photo_tags t JOIN photos p ON p.id = t.photo_id WHERE true
      ON CONFLICT DO NOTHING;
    DROP TABLE photo_tags;
    ALTER TABLE photo_tags_v3 RENAME TO photo_tags;
    CREATE INDEX photo_tags_tag ON photo_tags (tag, state);
    CREATE INDEX photo_tags_state ON photo_tags (state, photo_id);

    CREATE TRIGGER photo_tags_doc_ai AFTER INSERT ON photo_tags BEGIN
      UPDATE search_docs SET tags = ${SEARCHABLE_TAGS('new.photo_id')} WHERE photo_id = new.photo_id;
    END;
    CREATE TRIGGER photo_tags_doc_ad AFTER DELETE ON photo_tags BEGIN
      UPDATE search_docs SET tags = ${SEARCHABLE_TAGS('old.photo_id')} WHERE photo_id = old.photo_id;
    END;
    CREATE TRIGGER photo_tags_doc_au AFTER UPDATE OF tag, state ON photo_tags BEGIN
      UPDATE search_docs SET tags = ${SEARCHABLE_TAGS('new.photo_id')} WHERE photo_id = new.photo_id;
    END;

    -- The caption's own provenance; caption_model and prompt_version stay the facts of the last model call.
    ALTER TABLE photos ADD COLUMN caption_state TEXT
      CHECK (caption_state IN ('suggested', 'accepted', 'rejected', 'user'));
    ALTER TABLE photos ADD COLUMN caption_origin TEXT CHECK (caption_origin IN ('model', 'user', 'import'));
    ALTER TABLE photos ADD COLUMN caption_detail TEXT;
    ALTER TABLE photos ADD COLUMN caption_prompt_version INTEGER;
    ALTER TABLE photos ADD COLUMN caption_updated_at TEXT;
    -- A newer model caption kept aside because the caption is the user's.
    ALTER TABLE photos ADD COLUMN caption_suggestion TEXT;
    UPDATE photos SET caption_state = 'suggested', caption_origin = 'model', caption_detail = caption_model,
      caption_prompt_version = prompt_version, caption_updated_at = captioned_at
    WHERE caption IS NOT NULL;
    CREATE INDEX photos_caption_state ON photos (caption_state);

    DROP TRIGGER photos_doc_au;
    CREATE TRIGGER photos_doc_au AFTER UPDATE OF caption, caption_state, camera_make, camera_model, lens, taken_at ON photos BEGIN
      UPDATE search_docs SET
        caption = CASE WHEN new.caption_state = 'rejected' THEN '' ELSE coalesce(new.caption, '') END,
        camera = trim(coalesce(new.camera_make, '') || ' ' || coalesce(new.camera_model, '') || ' ' || coalesce(new.lens, '')),
        taken = ${TAKEN_WORDS}
      WHERE photo_id = new.id;
    END;

    -- Vocabulary: a tag the model says is renamed (to_tag) or dropped (to_tag NULL) before it is stored.
    CREATE TABLE tag_rules (
      from_tag TEXT PRIMARY KEY COLLATE NOCASE,
      to_tag TEXT,
      created_at TEXT NOT NULL
    ) STRICT;

    -- Undo: each user action and what every row it touched looked like before (JSON, or NULL when absent).
    CREATE TABLE edits (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      label TEXT NOT NULL,
      undone_at TEXT
    ) STRICT;
    CREATE TABLE edit_rows (
      edit_id INTEGER NOT NULL REFERENCES edits (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('tag', 'caption', 'rule')),
      photo_id INTEGER,
      tag TEXT,
      before TEXT
    ) STRICT;
    CREATE INDEX edit_rows_edit ON edit_rows (edit_id);

    -- Exports sum what each photo cost (by id, and by hash for calls made before a re-scan re-created it).
    CREATE INDEX ledger_photo_hash ON ledger (photo_hash);
    CREATE INDEX ledger_photo_id ON ledger (photo_id);
  `);
}
