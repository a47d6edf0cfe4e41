import type { Database } from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { UserError } from '../../../shared/contract';
import { isoNow, type Clock } from '../clock';
import type { EditLog } from './editLog';
import { editTouchedMoreThan, nextPhotosOfEdit, revertTagsOf } from '../stores/editsStore';
import { deleteTagOn, mergeTagOn, photosStillTagged, respellTagOn } from '../stores/tagsStore';
import {
  advanceVocabularyJob,
  deleteVocabularyJob,
  insertVocabularyJob,
  unfinishedVocabularyJobs,
  type VocabularyJobKind,
  type VocabularyJobRow,
} from '../stores/vocabularyJobsStore';

/**
 * Photos per transaction. A merge costs some 35 µs a photo (each photo's search text is re-indexed), and now
 * and then a commit also pays for a merge of the full-text index's segments: at 250 the longest batch measured
 * 47 ms over 100,000 photos, at 500 it was 200 ms (`npm run bench -- vocabulary`), against 100 ms allowed.
 */
export const BATCH_PHOTOS = 250;

export interface BatchContext {
  db: Database;
  log: EditLog;
  clock: Clock;
  /**
   * Told of the photos changed, at most once in `noticeEveryMs` and at the end, so search and open windows
   * follow the change as it goes without refreshing after each of hundreds of batches.
   */
  changed: (photoIds: readonly number[]) => void;
  noticeEveryMs: number;
  batchPhotos: number;
  /** True once Shoebox is closing: the job stops between batches and completes at the next start. */
  stopping: () => boolean;
}

/**
 * Runs a job's batches to the end, each its own transaction with a turn of the event loop between, and
 * returns how many photos it changed in all. The job row records how far it got, so a job cut off by a crash
 * is run again by `resumeVocabularyJobs` and completes: every batch only picks photos not yet changed.
 */
export async function runVocabularyJob(ctx: BatchContext, job: VocabularyJobRow): Promise<number> {
  let { cursor, done } = job;
  let unannounced: number[] = [];
  let announcedAt = performance.now();
  const announce = (): void => {
    if (unannounced.length > 0) ctx.changed(unannounced);
    unannounced = [];
    announcedAt = performance.now();
  };
  for (;;) {
    await nextTurn();
    if (ctx.stopping()) {
      throw new UserError('Shoebox is closing: this change will be completed when it starts again.');
    }
    const batch = ctx.db.transaction(() => {
      const ids = nextBatch(ctx, job, cursor);
      if (ids.length > 0) {
        changeBatch(ctx, job, ids);
        cursor = job.kind === 'undo' ? (ids.at(-1) ?? cursor) : cursor;
        done += ids.length;
        advanceVocabularyJob(ctx.db, job.id, cursor, done);
      } else {
        finishJob(ctx, job);
      }
      return ids;
    })();
    unannounced.push(...batch);
    if (batch.length === 0 || performance.now() - announcedAt >= ctx.noticeEveryMs) announce();
    if (batch.length === 0) return done;
  }
}

function nextBatch(ctx: BatchContext, job: VocabularyJobRow, cursor: number): number[] {
  const from = job.from_tag ?? '';
  switch (job.kind) {
    case 'undo':
      return nextPhotosOfEdit(ctx.db, job.edit_id, cursor, ctx.batchPhotos);
    case 'respell':
      return photosStillTagged(ctx.db, from, job.to_tag, ctx.batchPhotos);
    case 'merge':
    case 'delete':
      return photosStillTagged(ctx.db, from, null, ctx.batchPhotos);
  }
}

function changeBatch(ctx: BatchContext, job: VocabularyJobRow, ids: readonly number[]): void {
  const { db, log } = ctx;
  const from = job.from_tag ?? '';
  const to = job.to_tag ?? '';
  const now = isoNow(ctx.clock);
  switch (job.kind) {
    case 'undo':
      revertTagsOf(db, job.edit_id, ids);
      return;
    case 'respell':
      log.keep(job.edit_id, { tags: ids.map((id) => [id, from] as const) });
      respellTagOn(db, from, to, ids, now);
      return;
    case 'merge':
      log.keep(job.edit_id, { tags: ids.flatMap((id) => [[id, from] as const, [id, to] as const]) });
      mergeTagOn(db, from, to, ids, now);
      return;
    case 'delete':
      log.keep(job.edit_id, { tags: ids.map((id) => [id, from] as const) });
      deleteTagOn(db, from, ids);
      return;
  }
}

/** The last transaction of a job: an undo puts back rules and marks the edit undone; the job row goes. */
function finishJob(ctx: BatchContext, job: VocabularyJobRow): void {
  if (job.kind === 'undo') ctx.log.finishUndo(job.edit_id);
  deleteVocabularyJob(ctx.db, job.id);
}

/** Completes the jobs a crash or a quit cut off, oldest first. */
export async function resumeVocabularyJobs(ctx: BatchContext): Promise<void> {
  for (const job of unfinishedVocabularyJobs(ctx.db)) await runVocabularyJob(ctx, job);
}

/** Inserts a job's row and runs it; call in the transaction that began its edit, then await the run. */
export function startVocabularyJob(
  ctx: BatchContext,
  editId: number,
  kind: VocabularyJobKind,
  from: string | null,
  to: string | null,
): VocabularyJobRow {
  const id = insertVocabularyJob(ctx.db, { editId, kind, from, to, at: isoNow(ctx.clock) });
  return { id, edit_id: editId, kind, from_tag: from, to_tag: to, cursor: 0, done: 0 };
}

/**
 * Undoes the newest action: at once when it touched few photos, else photo by photo in batches, tags first
 * and its rules last, so the action is undone as one whichever way it ran.
 */
export async function undoNewest(ctx: BatchContext): Promise<{ label: string } | null> {
  const edit = ctx.log.lastOpen();
  if (!edit) return null;
  if (!editTouchedMoreThan(ctx.db, edit.id, ctx.batchPhotos)) {
    const undone = ctx.log.undoLast();
    if (undone) ctx.changed(undone.photoIds);
    return undone && { label: undone.label };
  }
  await runVocabularyJob(ctx, startVocabularyJob(ctx, edit.id, 'undo', null, null));
  return { label: edit.label };
}
