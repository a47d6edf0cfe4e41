import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchPhotos } from '../catalog/index';
import type { Clock } from '../clock';
import { openDatabase } from '../db/openDatabase';
import { storeModelSuggestion } from './modelOutput';
import { createReviewService, type ReviewService } from './reviewService';
import { listVocabulary } from './vocabulary';

// A vocabulary change over many photos runs in batches on a real catalogue file: the service answers other
// calls between them, undo reverts the whole change, and a crash between two batches is completed on restart.

const PHOTOS = 1_200;
const BATCH = 100;
const clock: Clock = { now: () => Date.parse('2026-11-23T10:00:00Z') };

let dir: string;
let path: string;
let db: Database;
let review: ReviewService;
let changed: number[][];

function open(): void {
  db = openDatabase(path);
  changed = [];
  // Told after every batch here, to show the batches; the app tells at most once a second.
  review = createReviewService(db, clock, (ids) => changed.push([...ids]), {
    batchPhotos: BATCH,
    noticeEveryMs: 0,
  });
}

/** Photos tagged 'cat'; every third also 'kitten', every fifth has 'cat' accepted (so merges must choose). */
function fill(): void {
  db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', '2026-01-01')`).run();
  const photo = db.prepare(
    `INSERT INTO photos (hash, bytes, caption_status, created_at) VALUES (?, 1, 'done', '2026-01-01T00:00:00Z')`,
  );
  const file = db.prepare(
    `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 1, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < PHOTOS; i++) {
      const id = Number(photo.run(`hash-${i}`).lastInsertRowid);
      file.run(`/photos/${i}.jpg`, id);
      const tags = i % 3 === 0 ? ['cat', 'kitten', 'sofa'] : ['cat', 'sofa'];
      storeModelSuggestion(db, id, {
        caption: 'A cat',
        tags,
        model: 'm',
        promptVersion: 1,
        at: '2026-11-01',
      });
    }
    db.prepare(`UPDATE photo_tags SET state = 'accepted' WHERE tag = 'cat' AND photo_id % 5 = 0`).run();
  })();
}

const tagRows = () =>
  db
    .prepare(
      `SELECT photo_id, tag, state, origin, detail, prompt_version, updated_at, position FROM photo_tags
       ORDER BY photo_id, tag`,
    )
    .all();
const carrying = (tag: string) => searchPhotos(db, { text: '', tag, limit: 1 }).total;
const unfinishedJobs = () => db.prepare(`SELECT count(*) FROM vocabulary_jobs`).pluck().get();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-vocabulary-'));
  path = join(dir, 'catalogue.sqlite');
  open();
  fill();
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a vocabulary merge over many photos', () => {
  it('runs in batches: other calls are answered while it goes on, and undo restores every photo', async () => {
    const before = tagRows();
    const merging = review.renameTag('cat', 'kitten');
    const seenMidway: Array<{ cat: number; kitten: number }> = [];
    let settled = false;
    void merging.finally(() => (settled = true));
    while (!settled) {
      // The review-by-tag pages the window asks for while the merge runs.
      seenMidway.push({
        cat: review.byTag({ tag: 'cat' }).total,
        kitten: review.byTag({ tag: 'kitten' }).total,
      });
      await nextTurn();
    }
    expect((await merging).label).toBe('Merged ‘cat’ into ‘kitten’ on 1,200 photos');
    const partial = seenMidway.filter((s) => s.cat > 0 && s.cat < PHOTOS);
    expect(partial.length).toBeGreaterThan(3);
    for (const s of partial) expect(s.cat + s.kitten).toBeGreaterThanOrEqual(PHOTOS);
    expect(changed.length).toBe(PHOTOS / BATCH);
    expect(Math.max(...changed.map((ids) => ids.length))).toBe(BATCH);
    expect([carrying('cat'), carrying('kitten')]).toEqual([0, PHOTOS]);
    const accepted = db.prepare(
      `SELECT count(*) FROM photo_tags WHERE tag = 'kitten' AND state = 'accepted'`,
    );
    expect(accepted.pluck().get()).toBe(PHOTOS / 5);
    expect(listVocabulary(db).rules).toMatchObject([{ from: 'cat', to: 'kitten' }]);
    expect(unfinishedJobs()).toBe(0);

    changed = [];
    expect((await review.undo())?.label).toBe('Merged ‘cat’ into ‘kitten’ on 1,200 photos');
    expect(changed.length).toBeGreaterThan(1);
    expect(tagRows()).toEqual(before);
    expect([carrying('cat'), carrying('kitten')]).toEqual([PHOTOS, PHOTOS / 3]);
    expect(listVocabulary(db).rules).toEqual([]);
    expect(review.history().map((e) => [e.label, e.undone])).toEqual([
      ['Merged ‘cat’ into ‘kitten’ on 1,200 photos', true],
    ]);
  });

  it('tells open windows at most once in the notice interval, and once more at the end', async () => {
    const told: number[][] = [];
    const quiet = createReviewService(db, clock, (ids) => told.push([...ids]), {
      batchPhotos: BATCH,
      noticeEveryMs: 60_000,
    });
    await quiet.deleteTag('sofa');
    expect(told).toHaveLength(1);
    expect(new Set(told[0]).size).toBe(PHOTOS);
  });

  it('an undo asked for mid-merge waits for the merge and reverts all of it', async () => {
    const before = tagRows();
    const merging = review.renameTag('cat', 'kitten');
    await nextTurn();
    const undoing = review.undo();
    await merging;
    expect((await undoing)?.label).toBe('Merged ‘cat’ into ‘kitten’ on 1,200 photos');
    expect(tagRows()).toEqual(before);
  });

  it('a tag edit of a tag being merged waits for the merge, one of another tag does not; undone, all is as before', async () => {
    const before = tagRows();
    // The last photo is merged last; it carries 'cat' and 'sofa', not 'kitten'.
    const last = db.prepare(`SELECT max(id) FROM photos`).pluck().get() as number;
    const ended: string[] = [];
    const merging = review.renameTag('cat', 'kitten').then(() => ended.push('merge'));
    await nextTurn();
    const adding = review.addTag(last, 'kitten').then(() => ended.push('add kitten'));
    const accepting = review.setTagState(last, 'sofa', 'accepted').then(() => ended.push('accept sofa'));
    await Promise.all([merging, adding, accepting]);
    expect(ended).toEqual(['accept sofa', 'merge', 'add kitten']);
    // Had the new tag gone in mid-merge, the merge's saved rows would hold it, and undoing both brought it back.
    for (let i = 0; i < 3; i++) await review.undo();
    expect(tagRows()).toEqual(before);
  });

  it('cut off by a crash, is completed on restart, and is still undone as one', async () => {
    const before = tagRows();
    const merging = review.renameTag('cat', 'kitten');
    const crashed = expect(merging).rejects.toThrow();
    while (carrying('kitten') < PHOTOS / 2) await nextTurn();
    const midway = carrying('cat');
    expect(midway).toBeGreaterThan(0);
    db.close(); // the process dies between two batches
    await crashed;

    open();
    // Every photo is in one state or the other and searchable as such; the rule is already in place.
    expect(carrying('cat')).toBe(midway);
    expect(carrying('cat') + carrying('kitten')).toBeGreaterThanOrEqual(PHOTOS);
    expect(listVocabulary(db).rules).toMatchObject([{ from: 'cat', to: 'kitten' }]);
    expect(unfinishedJobs()).toBe(1);
    await review.resumeUnfinished();
    expect([carrying('cat'), carrying('kitten')]).toEqual([0, PHOTOS]);
    expect(unfinishedJobs()).toBe(0);

    await review.undo();
    expect(tagRows()).toEqual(before);
    expect(listVocabulary(db).rules).toEqual([]);
  });

  it('an undo cut off by a crash is completed on restart', async () => {
    const before = tagRows();
    await review.deleteTag('cat');
    expect(carrying('cat')).toBe(0);
    const undoing = review.undo();
    const crashed = expect(undoing).rejects.toThrow();
    while (carrying('cat') < PHOTOS / 2) await nextTurn();
    db.close();
    await crashed;

    open();
    expect(review.history()[0]).toMatchObject({ undone: false });
    await review.resumeUnfinished();
    expect(tagRows()).toEqual(before);
    expect(listVocabulary(db).rules).toEqual([]);
    expect(review.history()[0]).toMatchObject({ label: 'Deleted ‘cat’ from 1,200 photos', undone: true });
  });

  it('stops between batches when Shoebox closes, and completes at the next start', async () => {
    const merging = review.renameTag('cat', 'kitten');
    const refused = expect(merging).rejects.toThrow('completed when it starts again');
    await nextTurn();
    await nextTurn();
    await review.stop();
    await refused;
    db.close();

    open();
    expect(carrying('cat')).toBeGreaterThan(0);
    await review.resumeUnfinished();
    expect([carrying('cat'), carrying('kitten')]).toEqual([0, PHOTOS]);
  });
});
