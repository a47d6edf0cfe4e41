import type { Database } from 'better-sqlite3';
import type { EditRecord } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';

/** The rows a user action is about to change, declared before it runs so their old state can be kept. */
export interface Touched {
  tags?: Iterable<readonly [photoId: number, tag: string]>;
  captions?: Iterable<number>;
  rules?: Iterable<string>;
}

/** How many actions stay undoable; older ones are forgotten. */
const KEPT_EDITS = 500;

const CAPTION_COLUMNS = [
  'caption',
  'caption_state',
  'caption_origin',
  'caption_detail',
  'caption_prompt_version',
  'caption_updated_at',
  'caption_suggestion',
] as const;

/**
 * Every user change runs through `record`: in one transaction it keeps what each touched row looked like,
 * then makes the change. `undoLast` puts those rows back, so a bulk action is undone as one.
 */
export class EditLog {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #statements;

  constructor(db: Database, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#statements = {
      insertEdit: db.prepare(`INSERT INTO edits (at, label) VALUES (?, ?)`),
      setLabel: db.prepare(`UPDATE edits SET label = ? WHERE id = ?`),
      insertRow: db.prepare(
        `INSERT INTO edit_rows (edit_id, kind, photo_id, tag, before) VALUES (?, ?, ?, ?, ?)`,
      ),
      // Set-based, so a bulk action over thousands of photos is a handful of statements.
      snapshotTags: db.prepare(
        `INSERT INTO edit_rows (edit_id, kind, photo_id, tag, before)
         SELECT @edit, 'tag', ids.value, @tag,
           (SELECT json_object('tag', t.tag, 'state', t.state, 'origin', t.origin, 'detail', t.detail,
              'prompt_version', t.prompt_version, 'updated_at', t.updated_at, 'position', t.position)
            FROM photo_tags t WHERE t.photo_id = ids.value AND t.tag = @tag)
         FROM (SELECT DISTINCT value FROM json_each(@ids)) ids`,
      ),
      captionRow: db.prepare(`SELECT ${CAPTION_COLUMNS.join(', ')} FROM photos WHERE id = ?`),
      ruleRow: db.prepare(`SELECT from_tag, to_tag, created_at FROM tag_rules WHERE from_tag = ?`),
      lastOpen: db.prepare(`SELECT id, label FROM edits WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1`),
      rowsOf: db.prepare(
        `SELECT kind, photo_id, tag, before FROM edit_rows WHERE edit_id = ? AND kind <> 'tag' ORDER BY rowid DESC`,
      ),
      photosOf: db.prepare(
        `SELECT DISTINCT photo_id FROM edit_rows WHERE edit_id = ? AND photo_id IS NOT NULL`,
      ),
      // Undo for tags: rows that existed are put back as they were, rows the action created go, rows it
      // removed (or renamed away) come back.
      revertTags: db.prepare(
        `UPDATE photo_tags SET tag = e.before ->> 'tag', state = e.before ->> 'state', origin = e.before ->> 'origin',
           detail = e.before ->> 'detail', prompt_version = e.before ->> 'prompt_version',
           updated_at = e.before ->> 'updated_at', position = e.before ->> 'position'
         FROM edit_rows e
         WHERE e.edit_id = ? AND e.kind = 'tag' AND e.before IS NOT NULL
           AND photo_tags.photo_id = e.photo_id AND photo_tags.tag = e.tag`,
      ),
      dropCreatedTags: db.prepare(
        `DELETE FROM photo_tags WHERE (photo_id, tag) IN
           (SELECT photo_id, tag FROM edit_rows WHERE edit_id = ? AND kind = 'tag' AND before IS NULL)`,
      ),
      restoreRemovedTags: db.prepare(
        `INSERT INTO photo_tags (photo_id, tag, state, origin, detail, prompt_version, updated_at, position)
         SELECT e.photo_id, e.before ->> 'tag', e.before ->> 'state', e.before ->> 'origin', e.before ->> 'detail',
           e.before ->> 'prompt_version', e.before ->> 'updated_at', e.before ->> 'position'
         FROM edit_rows e
         WHERE e.edit_id = ? AND e.kind = 'tag' AND e.before IS NOT NULL
           AND EXISTS (SELECT 1 FROM photos WHERE id = e.photo_id)
         ORDER BY e.rowid
         ON CONFLICT DO NOTHING`,
      ),
      markUndone: db.prepare(`UPDATE edits SET undone_at = ? WHERE id = ?`),
      restoreCaption: db.prepare(
        `UPDATE photos SET ${CAPTION_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
      ),
      deleteRule: db.prepare(`DELETE FROM tag_rules WHERE from_tag = ?`),
      restoreRule: db.prepare(
        `INSERT INTO tag_rules (from_tag, to_tag, created_at) VALUES (@from_tag, @to_tag, @created_at)`,
      ),
      history: db.prepare(`SELECT id, at, label, undone_at FROM edits ORDER BY id DESC LIMIT ?`),
      prune: db.prepare(`DELETE FROM edits WHERE id <= (SELECT max(id) FROM edits) - ?`),
    };
  }

  /**
   * Runs `change` as one undoable action. `label` may be a function of the change's result, for labels that
   * count what happened ("Accepted 'beach' on 312 photos").
   */
  record<T>(
    label: string | ((result: T) => string),
    touched: Touched,
    change: () => T,
  ): { result: T; label: string } {
    return this.#db.transaction(() => {
      const s = this.#statements;
      const editId = Number(
        s.insertEdit.run(isoNow(this.#clock), typeof label === 'string' ? label : '').lastInsertRowid,
      );
      const photosByTag = new Map<string, { tag: string; ids: Set<number> }>();
      for (const [photoId, tag] of touched.tags ?? []) {
        const group = photosByTag.get(tag.toLowerCase()) ?? { tag, ids: new Set<number>() };
        group.ids.add(photoId);
        photosByTag.set(tag.toLowerCase(), group);
      }
      for (const { tag, ids } of photosByTag.values()) {
        s.snapshotTags.run({ edit: editId, tag, ids: JSON.stringify([...ids]) });
      }
      for (const photoId of new Set(touched.captions ?? [])) {
        const before = s.captionRow.get(photoId);
        if (before) s.insertRow.run(editId, 'caption', photoId, null, JSON.stringify(before));
      }
      for (const from of new Set(touched.rules ?? [])) {
        const before = s.ruleRow.get(from);
        s.insertRow.run(editId, 'rule', null, from, before ? JSON.stringify(before) : null);
      }
      const result = change();
      const finalLabel = typeof label === 'string' ? label : label(result);
      if (typeof label !== 'string') s.setLabel.run(finalLabel, editId);
      s.prune.run(KEPT_EDITS);
      return { result, label: finalLabel };
    })();
  }

  /** Reverts the newest action not yet undone; returns its label, or null when there is nothing to undo. */
  undoLast(): { label: string; photoIds: number[] } | null {
    return this.#db.transaction(() => {
      const s = this.#statements;
      const edit = s.lastOpen.get() as { id: number; label: string } | undefined;
      if (!edit) return null;
      s.revertTags.run(edit.id);
      s.dropCreatedTags.run(edit.id);
      s.restoreRemovedTags.run(edit.id);
      const photoIds = new Set(s.photosOf.pluck().all(edit.id) as number[]);
      const rows = s.rowsOf.all(edit.id) as Array<{
        kind: 'tag' | 'caption' | 'rule';
        photo_id: number | null;
        tag: string | null;
        before: string | null;
      }>;
      for (const row of rows) {
        const before = row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>);
        if (row.kind === 'caption') {
          s.restoreCaption.run({ ...before, id: row.photo_id });
        } else {
          s.deleteRule.run(row.tag);
          if (before) s.restoreRule.run(before);
        }
      }
      s.markUndone.run(isoNow(this.#clock), edit.id);
      return { label: edit.label, photoIds: [...photoIds] };
    })();
  }

  history(limit = 50): EditRecord[] {
    return (
      this.#statements.history.all(limit) as Array<{
        id: number;
        at: string;
        label: string;
        undone_at: string | null;
      }>
    ).map((row) => ({ id: row.id, at: row.at, label: row.label, undone: row.undone_at !== null }));
  }
}
