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
export interface EditLog {
  /**
   * Runs `change` as one undoable action. `label` may be a function of the change's result, for labels that
   * count what happened ("Accepted 'beach' on 312 photos").
   */
  record<T>(
    label: string | ((result: T) => string),
    touched: Touched,
    change: () => T,
  ): { result: T; label: string };
  /**
   * Starts an action that goes on in batches: in one transaction, keeps `touched` and runs `change` (the part
   * that is small, such as its rules) with the new edit's id. Each batch then calls `keep` before its change,
   * in its own transaction, so the one edit ends up holding every row the action touched.
   */
  begin<T>(label: string, touched: Touched, change: (editId: number) => T): T;
  /** Keeps what the touched rows look like now under `editId`; call inside the transaction that changes them. */
  keep(editId: number, touched: Touched): void;
  /** The newest action not yet undone. */
  lastOpen(): { id: number; label: string } | undefined;
  /** Reverts the newest action not yet undone; returns its label, or null when there is nothing to undo. */
  undoLast(): { label: string; photoIds: number[] } | null;
  /**
   * The end of an undo, once its tags are back (all at once, or in batches): puts back captions and rules and
   * marks the action undone. Call inside a transaction.
   */
  finishUndo(editId: number): void;
  history(limit?: number): EditRecord[];
}

export function createEditLog(db: Database, clock: Clock): EditLog {
  function record<T>(
    label: string | ((result: T) => string),
    touched: Touched,
    change: () => T,
  ): { result: T; label: string } {
    return begin(typeof label === 'string' ? label : '', touched, (editId) => {
      const result = change();
      const finalLabel = typeof label === 'string' ? label : label(result);
      if (typeof label !== 'string') setEditLabel(db, editId, finalLabel);
      return { result, label: finalLabel };
    });
  }

  function begin<T>(label: string, touched: Touched, change: (editId: number) => T): T {
    return db.transaction(() => {
      const editId = insertEdit(db, isoNow(clock), label);
      keep(editId, touched);
      const result = change(editId);
      pruneEdits(db, KEPT_EDITS);
      return result;
    })();
  }

  function keep(editId: number, touched: Touched): void {
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

  function lastOpen(): { id: number; label: string } | undefined {
    return lastOpenEdit(db);
  }

  function undoLast(): { label: string; photoIds: number[] } | null {
    return db.transaction(() => {
      const edit = lastOpenEdit(db);
      if (!edit) return null;
      revertTags(db, edit.id);
      const photoIds = photosOfEdit(db, edit.id);
      finishUndo(edit.id);
      return { label: edit.label, photoIds };
    })();
  }

  function finishUndo(editId: number): void {
    for (const row of otherRowsOfEdit(db, editId)) {
      const before = row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>);
      if (row.kind === 'caption') {
        if (before && row.photo_id !== null) restoreCaptionRow(db, row.photo_id, before);
      } else if (row.tag !== null) {
        deleteRule(db, row.tag);
        if (before) restoreRule(db, before);
      }
    }
    markEditUndone(db, editId, isoNow(clock));
  }

  function history(limit = 50): EditRecord[] {
    return recentEdits(db, limit).map((row) => ({
      id: row.id,
      at: row.at,
      label: row.label,
      undone: row.undone_at !== null,
    }));
  }

  return { record, begin, keep, lastOpen, undoLast, finishUndo, history };
}
