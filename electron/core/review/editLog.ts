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
      this.keep(editId, touched);
      const result = change();
      const finalLabel = typeof label === 'string' ? label : label(result);
      if (typeof label !== 'string') setEditLabel(db, editId, finalLabel);
      pruneEdits(db, KEPT_EDITS);
      return { result, label: finalLabel };
    })();
  }

  /**
   * Starts an action that goes on in batches: in one transaction, keeps `touched` and runs `change` (the part
   * that is small, such as its rules) with the new edit's id. Each batch then calls `keep` before its change,
   * in its own transaction, so the one edit ends up holding every row the action touched.
   */
  begin<T>(label: string, touched: Touched, change: (editId: number) => T): T {
    return this.#db.transaction(() => {
      const editId = insertEdit(this.#db, isoNow(this.#clock), label);
      this.keep(editId, touched);
      const result = change(editId);
      pruneEdits(this.#db, KEPT_EDITS);
      return result;
    })();
  }

  /** Keeps what the touched rows look like now under `editId`; call inside the transaction that changes them. */
  keep(editId: number, touched: Touched): void {
    const db = this.#db;
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
  }

  /** The newest action not yet undone. */
  lastOpen(): { id: number; label: string } | undefined {
    return lastOpenEdit(this.#db);
  }

  /** Reverts the newest action not yet undone; returns its label, or null when there is nothing to undo. */
  undoLast(): { label: string; photoIds: number[] } | null {
    return this.#db.transaction(() => {
      const edit = lastOpenEdit(this.#db);
      if (!edit) return null;
      revertTags(this.#db, edit.id);
      const photoIds = photosOfEdit(this.#db, edit.id);
      this.finishUndo(edit.id);
      return { label: edit.label, photoIds };
    })();
  }

  /**
   * The end of an undo, once its tags are back (all at once, or in batches): puts back captions and rules and
   * marks the action undone. Call inside a transaction.
   */
  finishUndo(editId: number): void {
    const db = this.#db;
    for (const row of otherRowsOfEdit(db, editId)) {
      const before = row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>);
      if (row.kind === 'caption') {
        if (before && row.photo_id !== null) restoreCaptionRow(db, row.photo_id, before);
      } else if (row.tag !== null) {
        deleteRule(db, row.tag);
        if (before) restoreRule(db, before);
      }
    }
    markEditUndone(db, editId, isoNow(this.#clock));
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
