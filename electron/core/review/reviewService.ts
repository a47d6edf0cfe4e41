import type { Database } from 'better-sqlite3';
import { basename } from 'node:path';
import { LIMITS, UserError } from '../../../shared/contract';
import type { EditOutcome, EditRecord, ReviewState, SearchPage, TaggedPage } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import { EditLog } from './editLog';
import { photos, quoted } from '../../../shared/labels';
import { findReadablePathById } from '../catalog/photoFiles';
import { SELECT_PHOTO, toSummary, type SummaryRow } from '../catalog/search';
import { tidyTag } from './tagRules';
import { deleteTag, removeRule, renameTag } from './vocabulary';

const MAX_TAG_LENGTH = LIMITS.tagChars;
const MAX_CAPTION_LENGTH = LIMITS.captionChars;

const READABLE = `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.error IS NULL)`;
const PENDING = `(p.caption_state = 'suggested' OR EXISTS
  (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id AND t.state = 'suggested'))`;

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
export class ReviewService {
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #changed: (photoIds: readonly number[]) => void;
  readonly log: EditLog;

  constructor(db: Database, clock: Clock, changed: (photoIds: readonly number[]) => void) {
    this.#db = db;
    this.#clock = clock;
    this.#changed = changed;
    this.log = new EditLog(db, clock);
  }

  /** Photos with suggestions nobody has reviewed, newest first. */
  queue(q: {
    folderId?: number | undefined;
    offset?: number | undefined;
    limit?: number | undefined;
    /** Only photos this model captioned (the model that answered). */
    model?: string | undefined;
  }): SearchPage {
    const folder =
      q.folderId === undefined
        ? ''
        : `AND EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.folder_id = @folderId AND f.error IS NULL)`;
    const model = q.model === undefined ? '' : 'AND p.caption_model = @model';
    const where = `${PENDING} AND ${READABLE} ${folder} ${model}`;
    const params = {
      folderId: q.folderId ?? null,
      model: q.model ?? null,
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    };
    const rows = this.#db
      .prepare(
        `SELECT ${SELECT_PHOTO} FROM photos p WHERE ${where}
         ORDER BY coalesce(p.taken_at, p.created_at) DESC, p.id DESC LIMIT @limit OFFSET @offset`,
      )
      .all(params) as SummaryRow[];
    const total = this.#db
      .prepare(`SELECT count(*) FROM photos p WHERE ${where}`)
      .pluck()
      .get(params) as number;
    return { total, offset: params.offset, items: rows.map((row) => toSummary(row, false)) };
  }

  /** Every photo carrying `tag` (rejected ones too, marked), for review by tag. */
  byTag(q: { tag: string; offset?: number | undefined; limit?: number | undefined }): TaggedPage {
    const params = { tag: q.tag, limit: q.limit ?? 500, offset: q.offset ?? 0 };
    const rows = this.#db
      .prepare(
        `SELECT ${SELECT_PHOTO}, t.state AS tag_state FROM photo_tags t JOIN photos p ON p.id = t.photo_id
         WHERE t.tag = @tag AND ${READABLE}
         ORDER BY t.state = 'rejected', t.state <> 'suggested', coalesce(p.taken_at, p.created_at) DESC, p.id DESC
         LIMIT @limit OFFSET @offset`,
      )
      .all(params) as Array<SummaryRow & { tag_state: ReviewState }>;
    const counts = this.#db
      .prepare(
        `SELECT t.state, count(*) AS n FROM photo_tags t JOIN photos p ON p.id = t.photo_id
         WHERE t.tag = @tag AND ${READABLE} GROUP BY t.state`,
      )
      .all(params) as Array<{ state: ReviewState; n: number }>;
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

  #photoName(photoId: number): string {
    const path = findReadablePathById(this.#db, photoId);
    if (path === null && !this.#db.prepare(`SELECT 1 FROM photos WHERE id = ?`).get(photoId)) {
      throw new UserError('This photo is no longer in the catalogue.');
    }
    return path ? basename(path) : `photo ${photoId}`;
  }

  #suggestedTagsOf(photoId: number): string[] {
    return this.#db
      .prepare(`SELECT tag FROM photo_tags WHERE photo_id = ? AND state = 'suggested'`)
      .pluck()
      .all(photoId) as string[];
  }

  /** Renames or merges a tag everywhere, and keeps the rule for the model's future tags. */
  renameTag(from: string, to: string): EditOutcome {
    const { outcome, photoIds } = renameTag(this.#db, this.log, this.#clock, from, to);
    return this.#finish(photoIds, outcome);
  }

  /** Removes a tag from every photo and from the model's future answers. */
  deleteTag(tag: string): EditOutcome {
    const { outcome, photoIds } = deleteTag(this.#db, this.log, this.#clock, tag);
    return this.#finish(photoIds, outcome);
  }

  /** Forgets a rule. Recorded for undo like every edit, but no photo changes, so there is nobody to tell. */
  removeRule(from: string): EditOutcome {
    return removeRule(this.#db, this.log, from);
  }

  #finish(photoIds: readonly number[], outcome: { label: string }): EditOutcome {
    this.#changed(photoIds);
    return { label: outcome.label };
  }

  /** A: every suggestion on the photo, caption and tags, becomes accepted. */
  acceptAll(photoId: number): EditOutcome {
    const name = this.#photoName(photoId);
    const tags = this.#suggestedTagsOf(photoId);
    const now = isoNow(this.#clock);
    const outcome = this.log.record(
      `Accepted all suggestions on ${name}`,
      { tags: tags.map((tag) => [photoId, tag] as const), captions: [photoId] },
      () => {
        this.#db
          .prepare(
            `UPDATE photo_tags SET state = 'accepted', updated_at = ? WHERE photo_id = ? AND state = 'suggested'`,
          )
          .run(now, photoId);
        this.#db
          .prepare(
            `UPDATE photos SET caption_state = 'accepted', caption_updated_at = ? WHERE id = ? AND caption_state = 'suggested'`,
          )
          .run(now, photoId);
      },
    );
    return this.#finish([photoId], outcome);
  }

  /** Accept or reject one tag on one photo (X rejects the focused tag). */
  setTagState(photoId: number, tag: string, state: 'accepted' | 'rejected'): EditOutcome {
    const name = this.#photoName(photoId);
    const exists = this.#db
      .prepare(`SELECT tag FROM photo_tags WHERE photo_id = ? AND tag = ?`)
      .pluck()
      .get(photoId, tag) as string | undefined;
    if (exists === undefined) throw new UserError(`${name} has no tag ${quoted(tag)}.`);
    const outcome = this.log.record(
      `${state === 'accepted' ? 'Accepted' : 'Rejected'} ${quoted(exists)} on ${name}`,
      { tags: [[photoId, exists]] },
      () =>
        this.#db
          .prepare(`UPDATE photo_tags SET state = ?, updated_at = ? WHERE photo_id = ? AND tag = ?`)
          .run(state, isoNow(this.#clock), photoId, exists),
    );
    return this.#finish([photoId], outcome);
  }

  /** T: the user's own tag. A tag they rejected earlier comes back as theirs. */
  addTag(photoId: number, input: string): EditOutcome {
    const tag = checkedTag(input);
    const name = this.#photoName(photoId);
    const outcome = this.log.record(`Added ${quoted(tag)} to ${name}`, { tags: [[photoId, tag]] }, () =>
      this.#db
        .prepare(
          `INSERT INTO photo_tags (photo_id, tag, state, origin, updated_at, position) VALUES (?, ?, 'user', 'user', ?, 0)
           ON CONFLICT (photo_id, tag) DO UPDATE SET state = CASE WHEN photo_tags.state = 'suggested' THEN 'accepted'
             WHEN photo_tags.state = 'rejected' THEN 'user' ELSE photo_tags.state END,
             origin = CASE WHEN photo_tags.state = 'rejected' THEN 'user' ELSE photo_tags.origin END,
             updated_at = excluded.updated_at`,
        )
        .run(photoId, tag, isoNow(this.#clock)),
    );
    return this.#finish([photoId], outcome);
  }

  /** E: the user's caption; no model replaces it afterwards. */
  editCaption(photoId: number, input: string): EditOutcome {
    const caption = input.replace(/\s+/g, ' ').trim();
    if (caption.length > MAX_CAPTION_LENGTH) {
      throw new UserError(`A caption can be at most ${MAX_CAPTION_LENGTH} characters.`);
    }
    const name = this.#photoName(photoId);
    const outcome = this.log.record(`Edited the caption of ${name}`, { captions: [photoId] }, () =>
      this.#db
        .prepare(
          `UPDATE photos SET caption = ?, caption_state = 'user', caption_origin = 'user', caption_detail = NULL,
             caption_prompt_version = NULL, caption_updated_at = ?, caption_suggestion = NULL WHERE id = ?`,
        )
        .run(caption === '' ? null : caption, isoNow(this.#clock), photoId),
    );
    return this.#finish([photoId], outcome);
  }

  /** Takes the model's newer caption that was kept aside because the caption was the user's. */
  useSuggestedCaption(photoId: number): EditOutcome {
    const name = this.#photoName(photoId);
    const row = this.#db.prepare(`SELECT caption_suggestion FROM photos WHERE id = ?`).get(photoId) as {
      caption_suggestion: string | null;
    };
    if (row.caption_suggestion === null) throw new UserError(`${name} has no newer suggested caption.`);
    const outcome = this.log.record(`Used the suggested caption on ${name}`, { captions: [photoId] }, () =>
      this.#db
        .prepare(
          `UPDATE photos SET caption = caption_suggestion, caption_state = 'accepted', caption_origin = 'model',
             caption_detail = caption_model, caption_prompt_version = prompt_version, caption_updated_at = ?,
             caption_suggestion = NULL WHERE id = ?`,
        )
        .run(isoNow(this.#clock), photoId),
    );
    return this.#finish([photoId], outcome);
  }

  /** Review by tag: accept `tag` on the chosen photos and reject it on the ones the user deselected. */
  bulkTag(tag: string, accept: readonly number[], reject: readonly number[]): EditOutcome {
    const acceptSet = new Set(accept);
    const rejectIds = [...new Set(reject)].filter((id) => !acceptSet.has(id));
    const now = isoNow(this.#clock);
    const touched = [...acceptSet, ...rejectIds].map((id) => [id, tag] as const);
    const outcome = this.log.record(
      ({ accepted, rejected }: { accepted: number; rejected: number }) =>
        [
          accepted > 0 ? `Accepted ${quoted(tag)} on ${photos(accepted)}` : null,
          rejected > 0 ? `${accepted > 0 ? 'rejected' : 'Rejected'} it on ${photos(rejected)}` : null,
        ]
          .filter(Boolean)
          .join(', ') || `Nothing changed for ${quoted(tag)}`,
      { tags: touched },
      () => {
        // One statement per side: per-row updates would re-index the search text row by row, far slower.
        const set = this.#db.prepare(
          `UPDATE photo_tags SET state = @state, updated_at = @now
           WHERE tag = @tag AND photo_id IN (SELECT value FROM json_each(@ids)) AND state <> @state
             AND NOT (@state = 'accepted' AND state = 'user')`,
        );
        const run = (state: string, ids: readonly number[]) =>
          ids.length === 0 ? 0 : set.run({ state, now, tag, ids: JSON.stringify(ids) }).changes;
        return { accepted: run('accepted', [...acceptSet]), rejected: run('rejected', rejectIds) };
      },
    );
    return this.#finish([...acceptSet, ...rejectIds], outcome);
  }

  /** U: reverts the newest action, however many photos it touched. */
  undo(): EditOutcome | null {
    const undone = this.log.undoLast();
    if (!undone) return null;
    this.#changed(undone.photoIds);
    return { label: undone.label };
  }

  history(limit?: number): EditRecord[] {
    return this.log.history(limit);
  }
}
