import type { Database } from 'better-sqlite3';
import { basename } from 'node:path';
import { LIMITS, UserError } from '../../../shared/contract';
import type { EditOutcome, EditRecord, ReviewState, SearchPage, TaggedPage } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import { createEditLog, type EditLog } from './editLog';
import { createEditTurns } from './editTurns';
import { photos, quoted } from '../../../shared/labels';
import { findReadablePathById } from '../stores/photosStore';
import { pendingReviewPage, photoExists, toSummary } from '../stores/photosStore';
import {
  acceptSuggestedTags,
  addUserTag,
  setTagState as storeTagState,
  setTagStateOn,
  suggestedTagsOf,
  taggedPhotosPage,
  tagOnPhoto,
} from '../stores/tagsStore';
import {
  acceptSuggestedCaption,
  captionSuggestionOf,
  takeSuggestedCaption,
  writeUserCaption,
} from '../stores/captionsStore';
import { tidyTag } from './tagRules';
import * as vocabulary from './vocabulary';
import { BATCH_PHOTOS, resumeVocabularyJobs, undoNewest, type BatchContext } from './vocabularyBatches';

const MAX_TAG_LENGTH = LIMITS.tagChars;
const MAX_CAPTION_LENGTH = LIMITS.captionChars;

function checkedTag(input: string): string {
  const tag = tidyTag(input);
  if (tag === '') throw new UserError('A tag cannot be empty.');
  if (tag.length > MAX_TAG_LENGTH) throw new UserError(`A tag can be at most ${MAX_TAG_LENGTH} characters.`);
  return tag;
}

/**
 * The user's side of review: accepting, rejecting, writing and undoing. Every action is one transaction
 * logged with what it replaced (see EditLog); `changed` tells search and open windows right after. Vocabulary
 * edits (rename, delete, rules) go through here too, so every edit is recorded and announced the same way.
 */
export function createReviewService(
  db: Database,
  clock: Clock,
  changed: (photoIds: readonly number[]) => void,
  options: { batchPhotos?: number; noticeEveryMs?: number } = {},
) {
  const log: EditLog = createEditLog(db, clock);
  const turns = createEditTurns();
  let stopping = false;
  const batches: BatchContext = {
    db,
    log,
    clock,
    changed,
    batchPhotos: options.batchPhotos ?? BATCH_PHOTOS,
    noticeEveryMs: options.noticeEveryMs ?? 1000,
    stopping: () => stopping,
  };

  /** Stops a running vocabulary change after its current batch (it completes at the next start). */
  async function stop(): Promise<void> {
    stopping = true;
    await turns.settled();
  }

  /** Completes vocabulary edits and undos that a crash or a quit cut off (call once at start). */
  function resumeUnfinished(): Promise<void> {
    return turns.change('all', () => resumeVocabularyJobs(batches));
  }

  /** Photos with suggestions nobody has reviewed, newest first. */
  function queue(q: {
    folderId?: number | undefined;
    offset?: number | undefined;
    limit?: number | undefined;
    /** Only photos this model captioned (the model that answered). */
    model?: string | undefined;
  }): SearchPage {
    const params = {
      folderId: q.folderId ?? null,
      model: q.model ?? null,
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    };
    const { total, rows } = pendingReviewPage(db, params);
    return { total, offset: params.offset, items: rows.map((row) => toSummary(row, false)) };
  }

  /** Every photo carrying `tag` (rejected ones too, marked), for review by tag. */
  function byTag(q: { tag: string; offset?: number | undefined; limit?: number | undefined }): TaggedPage {
    const params = { tag: q.tag, limit: q.limit ?? 500, offset: q.offset ?? 0 };
    const { rows, counts } = taggedPhotosPage(db, params);
    const byState = Object.fromEntries(counts.map((c) => [c.state, c.n])) as Partial<
      Record<ReviewState, number>
    >;
    return {
      tag: q.tag,
      total: counts.reduce((sum, c) => sum + c.n, 0),
      suggested: byState.suggested ?? 0,
      offset: params.offset,
      items: rows.map((row) => ({ ...toSummary(row, false), tagState: row.tag_state })),
    };
  }

  function photoName(photoId: number): string {
    const path = findReadablePathById(db, photoId);
    if (path === null && !photoExists(db, photoId)) {
      throw new UserError('This photo is no longer in the catalogue.');
    }
    return path ? basename(path) : `photo ${photoId}`;
  }

  /**
   * Renames or merges a tag everywhere, and keeps the rule for the model's future tags. Photos change in
   * batches (`changed` is told after each); the answer comes when the last one has.
   */
  async function renameTag(from: string, to: string): Promise<EditOutcome> {
    return (await turns.change([from, to], () => vocabulary.renameTag(batches, from, to))).outcome;
  }

  /** Removes a tag from every photo and from the model's future answers, in batches as `renameTag`. */
  async function deleteTag(tag: string): Promise<EditOutcome> {
    return (await turns.change([tag], () => vocabulary.deleteTag(batches, tag))).outcome;
  }

  /** Forgets a rule. Recorded for undo like every edit, but no photo changes, so there is nobody to tell. */
  function removeRule(from: string): Promise<EditOutcome> {
    return turns.change([], async () => vocabulary.removeRule(db, log, from));
  }

  function finish(photoIds: readonly number[], outcome: { label: string }): EditOutcome {
    changed(photoIds);
    return { label: outcome.label };
  }

  /** A: every suggestion on the photo, caption and tags, becomes accepted. */
  function acceptAll(photoId: number): Promise<EditOutcome> {
    return turns.edit(suggestedTagsOf(db, photoId), () => acceptAllNow(photoId));
  }

  function acceptAllNow(photoId: number): EditOutcome {
    const name = photoName(photoId);
    const tags = suggestedTagsOf(db, photoId);
    const now = isoNow(clock);
    const outcome = log.record(
      `Accepted all suggestions on ${name}`,
      { tags: tags.map((tag) => [photoId, tag] as const), captions: [photoId] },
      () => {
        acceptSuggestedTags(db, photoId, now);
        acceptSuggestedCaption(db, photoId, now);
      },
    );
    return finish([photoId], outcome);
  }

  /** Accept or reject one tag on one photo (X rejects the focused tag). */
  function setTagState(photoId: number, tag: string, state: 'accepted' | 'rejected'): Promise<EditOutcome> {
    return turns.edit([tag], () => setTagStateNow(photoId, tag, state));
  }

  function setTagStateNow(photoId: number, tag: string, state: 'accepted' | 'rejected'): EditOutcome {
    const name = photoName(photoId);
    const exists = tagOnPhoto(db, photoId, tag);
    if (exists === undefined) throw new UserError(`${name} has no tag ${quoted(tag)}.`);
    const outcome = log.record(
      `${state === 'accepted' ? 'Accepted' : 'Rejected'} ${quoted(exists)} on ${name}`,
      { tags: [[photoId, exists]] },
      () => storeTagState(db, photoId, exists, state, isoNow(clock)),
    );
    return finish([photoId], outcome);
  }

  /** T: the user's own tag. A tag they rejected earlier comes back as theirs. */
  function addTag(photoId: number, input: string): Promise<EditOutcome> {
    return turns.edit([tidyTag(input)], () => addTagNow(photoId, input));
  }

  function addTagNow(photoId: number, input: string): EditOutcome {
    const tag = checkedTag(input);
    const name = photoName(photoId);
    const outcome = log.record(`Added ${quoted(tag)} to ${name}`, { tags: [[photoId, tag]] }, () =>
      addUserTag(db, photoId, tag, isoNow(clock)),
    );
    return finish([photoId], outcome);
  }

  /** E: the user's caption; no model replaces it afterwards. */
  function editCaption(photoId: number, input: string): EditOutcome {
    const caption = input.replace(/\s+/g, ' ').trim();
    if (caption.length > MAX_CAPTION_LENGTH) {
      throw new UserError(`A caption can be at most ${MAX_CAPTION_LENGTH} characters.`);
    }
    const name = photoName(photoId);
    const outcome = log.record(`Edited the caption of ${name}`, { captions: [photoId] }, () =>
      writeUserCaption(db, photoId, caption === '' ? null : caption, isoNow(clock)),
    );
    return finish([photoId], outcome);
  }

  /** Takes the model's newer caption that was kept aside because the caption was the user's. */
  function useSuggestedCaption(photoId: number): EditOutcome {
    const name = photoName(photoId);
    const suggestion = captionSuggestionOf(db, photoId);
    if (suggestion === null || suggestion === undefined) {
      throw new UserError(`${name} has no newer suggested caption.`);
    }
    const outcome = log.record(`Used the suggested caption on ${name}`, { captions: [photoId] }, () =>
      takeSuggestedCaption(db, photoId, isoNow(clock)),
    );
    return finish([photoId], outcome);
  }

  /** Review by tag: accept `tag` on the chosen photos and reject it on the ones the user deselected. */
  function bulkTag(tag: string, accept: readonly number[], reject: readonly number[]): Promise<EditOutcome> {
    return turns.edit([tag], () => bulkTagNow(tag, accept, reject));
  }

  function bulkTagNow(tag: string, accept: readonly number[], reject: readonly number[]): EditOutcome {
    const acceptSet = new Set(accept);
    const rejectIds = [...new Set(reject)].filter((id) => !acceptSet.has(id));
    const now = isoNow(clock);
    const touched = [...acceptSet, ...rejectIds].map((id) => [id, tag] as const);
    const outcome = log.record(
      ({ accepted, rejected }: { accepted: number; rejected: number }) =>
        [
          accepted > 0 ? `Accepted ${quoted(tag)} on ${photos(accepted)}` : null,
          rejected > 0 ? `${accepted > 0 ? 'rejected' : 'Rejected'} it on ${photos(rejected)}` : null,
        ]
          .filter(Boolean)
          .join(', ') || `Nothing changed for ${quoted(tag)}`,
      { tags: touched },
      () => {
        return {
          accepted: setTagStateOn(db, tag, [...acceptSet], 'accepted', now),
          rejected: setTagStateOn(db, tag, rejectIds, 'rejected', now),
        };
      },
    );
    return finish([...acceptSet, ...rejectIds], outcome);
  }

  /** U: reverts the newest action, however many photos it touched (in batches when they are many). */
  function undo(): Promise<EditOutcome | null> {
    return turns.change('all', () => undoNewest(batches));
  }

  function history(limit?: number): EditRecord[] {
    return log.history(limit);
  }

  return {
    /** The undo log every edit is recorded in. */
    log,
    stop,
    resumeUnfinished,
    queue,
    byTag,
    renameTag,
    deleteTag,
    removeRule,
    acceptAll,
    setTagState,
    addTag,
    editCaption,
    useSuggestedCaption,
    bulkTag,
    undo,
    history,
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
