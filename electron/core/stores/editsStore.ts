import type { Database } from 'better-sqlite3';
import { prepared, preparedValues } from '../db/prepared';

// The undo log's tables: `edits` (one row per user action) and `edit_rows` (what each touched row was before).

export type EditRowKind = 'tag' | 'caption' | 'rule';

export interface EditRow {
  kind: EditRowKind;
  photo_id: number | null;
  tag: string | null;
  before: string | null;
}

export interface EditEntry {
  id: number;
  at: string;
  label: string;
  undone_at: string | null;
}

export function insertEdit(db: Database, at: string, label: string): number {
  return Number(prepared(db, `INSERT INTO edits (at, label) VALUES (?, ?)`).run(at, label).lastInsertRowid);
}

export function setEditLabel(db: Database, editId: number, label: string): void {
  prepared(db, `UPDATE edits SET label = ? WHERE id = ?`).run(label, editId);
}

export function insertEditRow(
  db: Database,
  editId: number,
  row: { kind: EditRowKind; photoId: number | null; tag: string | null; before: string | null },
): void {
  prepared(db, `INSERT INTO edit_rows (edit_id, kind, photo_id, tag, before) VALUES (?, ?, ?, ?, ?)`).run(
    editId,
    row.kind,
    row.photoId,
    row.tag,
    row.before,
  );
}

/** Keeps `tag` as it is on each photo (none where a photo lacks it), set-based so bulk actions stay cheap. */
export function snapshotTags(db: Database, editId: number, tag: string, photoIds: readonly number[]): void {
  prepared(
    db,
    `INSERT INTO edit_rows (edit_id, kind, photo_id, tag, before)
     SELECT @edit, 'tag', ids.value, @tag,
       (SELECT json_object('tag', t.tag, 'state', t.state, 'origin', t.origin, 'detail', t.detail,
          'prompt_version', t.prompt_version, 'updated_at', t.updated_at, 'position', t.position)
        FROM photo_tags t WHERE t.photo_id = ids.value AND t.tag = @tag)
     FROM (SELECT DISTINCT value FROM json_each(@ids)) ids`,
  ).run({ edit: editId, tag, ids: JSON.stringify(photoIds) });
}

export function lastOpenEdit(db: Database): { id: number; label: string } | undefined {
  return prepared(
    db,
    `SELECT id, label FROM edits WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1`,
  ).get() as { id: number; label: string } | undefined;
}

/**
 * Undo for tags, over the edit rows `rows` (a condition on `edit_rows e`, with named parameters): rows that
 * existed are put back as they were, rows the action created go, rows it removed (or renamed away) come back,
 * for photos still in the catalogue. `indexed` names the index the re-insert must read through, if any.
 */
function revertTagRows(db: Database, rows: string, params: Record<string, unknown>, indexed = ''): void {
  prepared(
    db,
    `UPDATE photo_tags SET tag = e.before ->> 'tag', state = e.before ->> 'state', origin = e.before ->> 'origin',
       detail = e.before ->> 'detail', prompt_version = e.before ->> 'prompt_version',
       updated_at = e.before ->> 'updated_at', position = e.before ->> 'position'
     FROM edit_rows e
     WHERE ${rows} AND e.before IS NOT NULL AND photo_tags.photo_id = e.photo_id AND photo_tags.tag = e.tag`,
  ).run(params);
  prepared(
    db,
    `DELETE FROM photo_tags WHERE (photo_id, tag) IN
       (SELECT e.photo_id, e.tag FROM edit_rows e WHERE ${rows} AND e.before IS NULL)`,
  ).run(params);
  prepared(
    db,
    `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, prompt_version, updated_at, position, newest)
     SELECT e.photo_id, e.before ->> 'tag', e.before ->> 'state', e.before ->> 'origin', e.before ->> 'detail',
       e.before ->> 'prompt_version', e.before ->> 'updated_at', e.before ->> 'position',
       (SELECT coalesce(taken_at, created_at) FROM photos WHERE id = e.photo_id)
     FROM edit_rows e ${indexed}
     WHERE ${rows} AND e.before IS NOT NULL AND EXISTS (SELECT 1 FROM photos WHERE id = e.photo_id)
     ORDER BY e.rowid
     ON CONFLICT DO NOTHING`,
  ).run(params);
}

/** Undo for tags: every tag row of the edit. */
export function revertTags(db: Database, editId: number): void {
  revertTagRows(db, `e.edit_id = @edit AND e.kind = 'tag'`, { edit: editId });
}

/** The next `limit` photos of an edit after `afterPhotoId`, in ascending id (an undo in batches). */
export function nextPhotosOfEdit(
  db: Database,
  editId: number,
  afterPhotoId: number,
  limit: number,
): number[] {
  return preparedValues(
    db,
    `SELECT DISTINCT photo_id FROM edit_rows WHERE edit_id = ? AND photo_id > ? ORDER BY photo_id LIMIT ?`,
  ).all(editId, afterPhotoId, limit) as number[];
}

/**
 * `revertTags` for the given photos only: each photo's rows are reverted together, so batches may split an
 * edit. The index is named because the order by rowid would otherwise lead SQLite to read all the edit's rows.
 */
export function revertTagsOf(db: Database, editId: number, photoIds: readonly number[]): void {
  revertTagRows(
    db,
    `e.edit_id = @edit AND e.kind = 'tag' AND e.photo_id IN (SELECT value FROM json_each(@ids))`,
    { edit: editId, ids: JSON.stringify(photoIds) },
    'INDEXED BY edit_rows_edit_photo',
  );
}

/** Whether an edit touched more than `limit` photos (counting no further than that). */
export function editTouchedMoreThan(db: Database, editId: number, limit: number): boolean {
  return (
    (preparedValues(
      db,
      `SELECT count(*) FROM (SELECT DISTINCT photo_id FROM edit_rows
         WHERE edit_id = ? AND photo_id IS NOT NULL ORDER BY photo_id LIMIT ?)`,
    ).get(editId, limit + 1) as number) > limit
  );
}

export function photosOfEdit(db: Database, editId: number): number[] {
  return preparedValues(
    db,
    `SELECT DISTINCT photo_id FROM edit_rows WHERE edit_id = ? AND photo_id IS NOT NULL`,
  ).all(editId) as number[];
}

/** The caption and rule rows of an edit, newest first (tags are reverted set-based by `revertTags`). */
export function otherRowsOfEdit(db: Database, editId: number): EditRow[] {
  return prepared(
    db,
    `SELECT kind, photo_id, tag, before FROM edit_rows WHERE edit_id = ? AND kind <> 'tag' ORDER BY rowid DESC`,
  ).all(editId) as EditRow[];
}

export function markEditUndone(db: Database, editId: number, at: string): void {
  prepared(db, `UPDATE edits SET undone_at = ? WHERE id = ?`).run(at, editId);
}

export function recentEdits(db: Database, limit: number): EditEntry[] {
  return prepared(db, `SELECT id, at, label, undone_at FROM edits ORDER BY id DESC LIMIT ?`).all(
    limit,
  ) as EditEntry[];
}

/** Forgets all but the newest `kept` edits. */
export function pruneEdits(db: Database, kept: number): void {
  prepared(db, `DELETE FROM edits WHERE id <= (SELECT max(id) FROM edits) - ?`).run(kept);
}
