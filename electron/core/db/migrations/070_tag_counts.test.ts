import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../../test/support/tempCatalogue';
import type { Clock } from '../../clock';
import { storeModelSuggestion } from '../../review/modelOutput';
import { createReviewService } from '../../review/reviewService';
import { listVocabulary } from '../../review/vocabulary';
import { registerSqlFunctions } from '../sqlFunctions';
import { up as tagCounts } from './070_tag_counts';
import { MIGRATIONS } from './index';

const clock: Clock = { now: () => Date.parse('2026-12-01T12:00:00Z') };

/** The vocabulary's counts as the old query counted them, straight from every tag row. */
function countedFromRows(db: Database) {
  return db
    .prepare(
      `SELECT min(t.tag) AS tag, sum(t.state <> 'rejected') AS photos,
         sum(t.state = 'suggested') AS suggested, sum(t.state = 'accepted') AS accepted,
         sum(t.state = 'user') AS user, sum(t.state = 'rejected') AS rejected
       FROM photo_tags t GROUP BY t.tag COLLATE NOCASE ORDER BY photos DESC, tag`,
    )
    .all();
}

/** `raw`: the tags as plain rows, for a schema older than the store's writers (they name later columns). */
function addPhoto(db: Database, id: number, tags: string[], raw = false): void {
  db.prepare(
    `INSERT INTO photos (id, hash, bytes, caption_status, created_at) VALUES (?, ?, 1, 'done', 'then')`,
  ).run(id, `h${id}`);
  db.prepare(`INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 1, ?)`).run(
    `/photos/${id}.jpg`,
    id,
  );
  if (!raw) {
    storeModelSuggestion(db, id, { caption: 'A photo', tags, model: 'm', promptVersion: 1, at: 'then' });
    return;
  }
  const insert = db.prepare(`INSERT OR IGNORE INTO photo_tags (photo_id, tag) VALUES (?, ?)`);
  for (const tag of tags) insert.run(id, tag);
}

describe('the tag counts kept by triggers (migration 070), on the real migrations in a real SQLite file', () => {
  const catalogue = catalogueForEachTest(
    'tag-counts',
    `INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 'then')`,
  );

  it('equal counting every tag row after suggestions, verdicts, additions, merges, respellings, deletes and undo', async () => {
    const { db } = catalogue;
    for (let id = 1; id <= 30; id++) {
      addPhoto(db, id, id % 3 === 0 ? ['dog', 'puppy', 'grass'] : ['dog', 'grass']);
    }
    const review = createReviewService(db, clock, () => undefined, { batchPhotos: 7, noticeEveryMs: 0 });
    try {
      const same = () => expect(listVocabulary(db).tags).toEqual(countedFromRows(db));
      same();
      await review.setTagState(1, 'dog', 'accepted');
      await review.setTagState(2, 'grass', 'rejected');
      await review.addTag(4, 'Sunset');
      await review.bulkTag('grass', [5, 6, 7], [8]);
      same();
      await review.renameTag('puppy', 'dog');
      same();
      // A change of case only: the list shows the new spelling.
      await review.renameTag('grass', 'Grass');
      same();
      expect(listVocabulary(db).tags.map((t) => t.tag)).toContain('Grass');
      await review.deleteTag('Sunset');
      same();
      await review.undo();
      await review.undo();
      same();
      // A photo removed takes its tags with it (a cascade), and a tag no photo has leaves the list.
      db.prepare('DELETE FROM photos WHERE id IN (4, 9)').run();
      same();
      db.prepare(`DELETE FROM photo_tags WHERE tag = 'Sunset'`).run();
      same();
      expect(listVocabulary(db).tags.map((t) => t.tag)).not.toContain('Sunset');
      expect(listVocabulary(db).tags.length).toBeGreaterThan(1);
    } finally {
      await review.stop();
    }
  });
});

describe('migration 070 over a catalogue filled before it', () => {
  it('starts from the counts the tag rows already hold', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      registerSqlFunctions(db);
      const steps = MIGRATIONS.map((m) => m.up);
      for (const up of steps.slice(0, steps.indexOf(tagCounts))) up(db);
      db.exec(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 'then')`);
      for (let id = 1; id <= 5; id++) addPhoto(db, id, id === 5 ? ['Beach', 'sea'] : ['beach'], true);
      db.prepare(`UPDATE photo_tags SET state = 'accepted' WHERE photo_id = 2`).run();
      tagCounts(db);
      expect(listVocabulary(db).tags).toEqual(countedFromRows(db));
      expect(listVocabulary(db).tags[0]).toMatchObject({ photos: 5, suggested: 4, accepted: 1 });
    } finally {
      db.close();
    }
  });
});
