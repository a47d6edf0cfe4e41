import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import type { Clock } from '../clock';
import { registerSqlFunctions } from '../db/sqlFunctions';
import { up as reviewReads } from '../db/migrations/073_review_reads';
import { MIGRATIONS } from '../db/migrations/index';
import { pendingPageIds } from '../stores/photosStore';
import { TAGGED_PAGE_IDS } from '../stores/tagsStore';
import { storeModelSuggestion } from './modelOutput';
import { createReviewService, type ReviewService } from './reviewService';

const clock: Clock = { now: () => Date.parse('2026-12-01T12:00:00Z') };

const READABLE = `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.error IS NULL)`;

/** The queue as the query before migration 073 read it: every photo sorted and counted. */
function queueFromRows(db: Database, q: { folderId?: number; model?: string }) {
  const readable =
    q.folderId === undefined
      ? READABLE
      : `EXISTS (SELECT 1 FROM files f WHERE f.photo_id = p.id AND f.error IS NULL AND f.folder_id = @folderId)`;
  const where = `(p.caption_state = 'suggested' OR EXISTS
    (SELECT 1 FROM photo_tags t WHERE t.photo_id = p.id AND t.state = 'suggested'))
    AND ${readable} ${q.model === undefined ? '' : 'AND p.caption_model = @model'}`;
  return db
    .prepare(
      `SELECT p.id FROM photos p WHERE ${where} ORDER BY coalesce(p.taken_at, p.created_at) DESC, p.id DESC`,
    )
    .pluck()
    .all({ folderId: q.folderId ?? null, model: q.model ?? null }) as number[];
}

/** Review by tag as the query before migration 073 read it. */
function taggedFromRows(db: Database, tag: string) {
  const rows = db
    .prepare(
      `SELECT p.id, t.state FROM photo_tags t JOIN photos p ON p.id = t.photo_id WHERE t.tag = ? AND ${READABLE}
       ORDER BY t.state = 'rejected', t.state <> 'suggested', coalesce(p.taken_at, p.created_at) DESC, p.id DESC`,
    )
    .all(tag) as Array<{ id: number; state: string }>;
  return {
    ids: rows.map((r) => `${r.id}:${r.state}`),
    total: rows.length,
    suggested: rows.filter((r) => r.state === 'suggested').length,
  };
}

/** Every page of the queue through the service, `size` at a time. */
function queuePaged(review: ReviewService, q: { folderId?: number; model?: string }, size: number) {
  const first = review.queue({ ...q, limit: size });
  const ids = first.items.map((p) => p.id);
  for (let offset = size; offset < first.total; offset += size) {
    ids.push(...review.queue({ ...q, offset, limit: size }).items.map((p) => p.id));
  }
  return { total: first.total, ids };
}

function taggedPaged(review: ReviewService, tag: string, size: number) {
  const first = review.byTag({ tag, limit: size });
  const items = [...first.items];
  for (let offset = size; offset < first.total; offset += size) {
    items.push(...review.byTag({ tag, offset, limit: size }).items);
  }
  return { ids: items.map((p) => `${p.id}:${p.tagState}`), total: first.total, suggested: first.suggested };
}

/** `raw`: the caption and tags as plain rows, for a schema older than the store's writers (they name later columns). */
function addPhoto(
  db: Database,
  id: number,
  folderId: number,
  takenAt: string | null,
  tags: string[],
  raw: boolean,
): void {
  db.prepare(
    `INSERT INTO photos (id, hash, bytes, caption_status, taken_at, created_at) VALUES (?, ?, 1, 'done', ?, ?)`,
  ).run(id, `h${id}`, takenAt, `2026-01-${String((id % 28) + 1).padStart(2, '0')}`);
  db.prepare(`INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)`).run(
    folderId,
    `/photos${folderId}/${id}.jpg`,
    id,
  );
  const model = id % 2 === 0 ? 'm-even' : 'm-odd';
  if (!raw) {
    storeModelSuggestion(db, id, { caption: 'A photo', tags, model, promptVersion: 1, at: 'then' });
    return;
  }
  db.prepare(
    `UPDATE photos SET caption = 'A photo', caption_state = 'suggested', caption_model = ? WHERE id = ?`,
  ).run(model, id);
  const insert = db.prepare(`INSERT INTO photo_tags (photo_id, tag) VALUES (?, ?)`);
  for (const tag of tags) insert.run(id, tag);
}

function fill(db: Database, raw = false): void {
  for (let id = 1; id <= 40; id++) {
    // Equal dates and missing ones on purpose: the id breaks ties, created_at stands in.
    const takenAt = id % 5 === 0 ? null : `2025-0${(id % 3) + 1}-0${(id % 4) + 1}`;
    const tags = id % 3 === 0 ? ['dog', 'Grass', 'sky'] : ['dog', 'sky'];
    addPhoto(db, id, id <= 25 ? 1 : 2, takenAt, tags, raw);
  }
}

function expectSameAsRows(db: Database, review: ReviewService): void {
  for (const q of [
    {},
    { folderId: 1 },
    { folderId: 2 },
    { model: 'm-odd' },
    { folderId: 2, model: 'm-even' },
  ]) {
    const rows = queueFromRows(db, q);
    expect(queuePaged(review, q, 7), JSON.stringify(q)).toEqual({ total: rows.length, ids: rows });
  }
  for (const tag of ['dog', 'grass', 'SKY', 'cat']) {
    expect(taggedPaged(review, tag, 5), tag).toEqual(taggedFromRows(db, tag));
  }
}

describe('review reads (migration 073), page by page, against sorting and counting every photo', () => {
  const catalogue = catalogueForEachTest(
    'review-reads',
    `INSERT INTO folders (id, path, added_at) VALUES (1, '/photos1', 'then'), (2, '/photos2', 'then')`,
  );

  it('give the same photos in the same order, with the same counts, through edits and unreadable files', async () => {
    const { db } = catalogue;
    fill(db);
    const review = createReviewService(db, clock, () => undefined, { batchPhotos: 7, noticeEveryMs: 0 });
    try {
      expectSameAsRows(db, review);
      expect(queuePaged(review, {}, 7).total).toBe(40);
      // A writer that leaves the sort key out (the stores give it): the trigger fills it in.
      db.prepare(
        `INSERT INTO photo_tags (photo_id, tag, state) VALUES (17, 'cat', 'accepted'), (33, 'cat', 'suggested')`,
      ).run();
      expectSameAsRows(db, review);

      // Verdicts move photos between the groups of review by tag, and out of the queue once nothing waits.
      await review.acceptAll(3);
      await review.setTagState(4, 'dog', 'rejected');
      await review.setTagState(4, 'sky', 'accepted');
      await review.bulkTag('sky', [6, 7, 8], [9]);
      await review.addTag(10, 'cat');
      review.editCaption(11, 'Mine');
      expectSameAsRows(db, review);
      expect(queueFromRows(db, {})).not.toContain(3);

      await review.renameTag('grass', 'dog');
      await review.deleteTag('sky');
      expectSameAsRows(db, review);
      await review.undo();
      await review.undo();
      expectSameAsRows(db, review);

      // Files that cannot be read, a file gone, a photo found again at a second path, one moved to a new date.
      db.prepare(`UPDATE files SET error = 'unreadable' WHERE photo_id IN (12, 13, 30)`).run();
      db.prepare(`UPDATE files SET photo_id = NULL, error = 'gone' WHERE photo_id = 14`).run();
      db.prepare(`DELETE FROM files WHERE photo_id = 15`).run();
      db.prepare(
        `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (2, '/photos2/again.jpg', 1, 1, 13)`,
      ).run();
      db.prepare(`UPDATE photos SET taken_at = '2030-01-01' WHERE id IN (20, 21)`).run();
      db.prepare(`UPDATE photos SET taken_at = NULL WHERE id = 22`).run();
      expectSameAsRows(db, review);
      expect(queueFromRows(db, {})).not.toContain(12);
      expect(queueFromRows(db, {}).slice(0, 2)).toEqual([21, 20]);

      // Readable again; a photo removed with its tags.
      db.prepare(`UPDATE files SET error = NULL WHERE photo_id = 12`).run();
      db.prepare(`DELETE FROM photos WHERE id IN (16, 31)`).run();
      expectSameAsRows(db, review);
      expect(
        db.prepare(`SELECT count(*) FROM unreadable_photos`).pluck().get(),
        '30, 14 and 15 cannot be shown',
      ).toBe(3);
    } finally {
      await review.stop();
    }
  });

  it('read a page from the indexes in the order shown, not by sorting every row', () => {
    const { db } = catalogue;
    fill(db);
    const plan = (sql: string) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ tag: 'dog', limit: 5, offset: 0 }) as Array<{
          detail: string;
        }>
      )
        .map((r) => r.detail)
        .join('\n');
    const queue = plan(pendingPageIds());
    expect(queue).toContain('review_pending_newest');
    expect(queue).not.toContain('TEMP B-TREE');
    // Covering: the rows an offset skips are read from the index alone.
    const byTag = plan(TAGGED_PAGE_IDS);
    expect(byTag).toContain('COVERING INDEX photo_tags_review');
    expect(byTag).not.toContain('TEMP B-TREE');
  });
});

describe('migration 073 over a catalogue filled before it', () => {
  it('starts from the queue, sort keys and unreadable photos already there', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      registerSqlFunctions(db);
      db.pragma('foreign_keys = ON');
      const steps = MIGRATIONS.map((m) => m.up);
      for (const up of steps.slice(0, steps.indexOf(reviewReads))) up(db);
      db.exec(
        `INSERT INTO folders (id, path, added_at) VALUES (1, '/photos1', 'then'), (2, '/photos2', 'then')`,
      );
      fill(db, true);
      db.prepare(`UPDATE photo_tags SET state = 'accepted' WHERE photo_id IN (2, 3)`).run();
      db.prepare(`UPDATE photos SET caption_state = 'accepted' WHERE id = 2`).run();
      db.prepare(`UPDATE files SET error = 'unreadable' WHERE photo_id IN (5, 6)`).run();
      reviewReads(db);
      for (const up of steps.slice(steps.indexOf(reviewReads) + 1)) up(db);
      const review = createReviewService(db, clock, () => undefined);
      expectSameAsRows(db, review);
      expect(queueFromRows(db, {})).not.toContain(2);
    } finally {
      db.close();
    }
  });
});
