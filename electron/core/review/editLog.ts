import type { Database } from 'better-sqlite3';
import type { EditRecord } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import { captionRowOf, restoreCaptionRow } from '../stores/captionsStore';
import {
  insertEdit,
  insertEditRow,
  lastOpenEdit,
  markEditUndone,
  otherRowsOfEdit,
  photosOfEdit,
  pruneEdits,
  recentEdits,
  revertTags,
  setEditLabel,
  snapshotTags,
} from '../stores/editsStore';
import { deleteRule, restoreRule, ruleOf } from '../stores/tagsStore';

/** The rows a user action is about to change, declared before it runs so their old state can be kept. */
export interface Touched {
  tags?: Iterable<readonly [photoId: number, tag: string]>;
  captions?: Iterable<number>;
  rules?: Iterable<string>;
}

/** How many actions stay undoable; older ones are forgotten. */
const KEPT_EDITS = 500;

/**
 * Every user change runs through `record`: in one transaction it keeps what each touched row looked like,
 * then makes the change. `undoLast` puts those rows back, so a bulk action is undone as one.
 */
export class EditLog {
  readonly #db: Database;
  readonly #clock: Clock;

  constructor(db: Database, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
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
      const db = this.#db;
      const editId = insertEdit(db, isoNow(this.#clock), typeof label === 'string' ? label : '');
      const photosByTag = new Map<string, { tag: string; ids: Set<number> }>();
      for (const [photoId, tag] of touched.tags ?? []) {
        const group = photosByTag.get(tag.toLowerCase()) ?? { tag, ids: new Set<number>() };
        group.ids.add(photoId);
        photosByTag.set(tag.toLowerCase(), group);
      }
      for (const { tag, ids } of photosByTag.values()) snapshotTags(db, editId, tag, [...ids]);
      for (const photoId of new Set(touched.captions ?? [])) {
        const before = captionRowOf(db, photoId);
        if (before)
          insertEditRow(db, editId, { kind: 'caption', photoId, tag: null, before: JSON.stringify(before) });
      }
      for (const from of new Set(touched.rules ?? [])) {
        const before = ruleOf(db, from);
        insertEditRow(db, editId, {
          kind: 'rule',
          photoId: null,
          tag: from,
          before: before ? JSON.stringify(before) : null,
        });
      }
      const result = change();
      const finalLabel = typeof label === 'string' ? label : label(result);
      if (typeof label !== 'string') setEditLabel(db, editId, finalLabel);
      pruneEdits(db, KEPT_EDITS);
      return { result, label: finalLabel };
    })();
  }

  /** Reverts the newest action not yet undone; returns its label, or null when there is nothing to undo. */
  undoLast(): { label: string; photoIds: number[] } | null {
    return this.#db.transaction(() => {
      const db = this.#db;
      const edit = lastOpenEdit(db);
      if (!edit) return null;
      revertTags(db, edit.id);
      const photoIds = new Set(photosOfEdit(db, edit.id));
      for (const row of otherRowsOfEdit(db, edit.id)) {
        const before = row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>);
        if (row.kind === 'caption') {
          if (before && row.photo_id !== null) restoreCaptionRow(db, row.photo_id, before);
        } else if (row.tag !== null) {
          deleteRule(db, row.tag);
          if (before) restoreRule(db, before);
        }
      }
      markEditUndone(db, edit.id, isoNow(this.#clock));
      return { label: edit.label, photoIds: [...photoIds] };
    })();
  }

  history(limit = 50): EditRecord[] {
    return recentEdits(this.#db, limit).map((row) => ({
      id: row.id,
      at: row.at,
      label: row.label,
      undone: row.undone_at !== null,
    }));
  }
}
