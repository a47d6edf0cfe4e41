// Each migration against the data it meets: the database is filled at the version before it, migrated, and
// the data checked after it. (005 and 035 have files of their own.) The real migrations, never a test schema.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../openDatabase';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function at(version: number): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, version);
  return db;
}

function addPhoto(db: Database.Database, id: number, columns: Record<string, unknown> = {}): void {
  const values = { hash: `h${id}`, bytes: 10, created_at: '2026-01-01T00:00:00Z', ...columns };
  const names = Object.keys(values);
  db.prepare(
    `INSERT INTO photos (id, ${names.join(', ')}) VALUES (@id, ${names.map((n) => `@${n}`).join(', ')})`,
  ).run({ id, ...values });
}

function addLedgerRow(db: Database.Database): void {
  db.prepare(
    `INSERT INTO ledger (at, day, month, provider, model, attempt, state, estimated_cost, reserved_cost)
     VALUES ('2026-01-01T00:00:00Z', '2026-01-01', '2026-01', 'mistral', 'pixtral-12b', 1, 'settled', 0.001, 0.002)`,
  ).run();
}

const matching = (db: Database.Database, query: string) =>
  db.prepare(`SELECT rowid FROM photos_fts WHERE photos_fts MATCH ?`).pluck().all(query);

const hasIndex = (db: Database.Database, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) !== undefined;

describe('migrations, each over the data before it', () => {
  it('001 indexes a photo by its caption, tags, file names and the words of its date', () => {
    const db = at(1);
    db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 'then')`).run();
    addPhoto(db, 1, { caption: 'A dog on the beach', taken_at: '2019-07-14T10:00:00' });
    db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, '/photos/rex.jpg', 10, 0, 1)`,
    ).run();
    db.prepare(`INSERT INTO photo_tags (photo_id, tag) VALUES (1, 'sand')`).run();
    expect(db.prepare(`SELECT caption, tags, names, taken FROM search_docs`).get()).toEqual({
      caption: 'A dog on the beach',
      tags: 'sand',
      names: '/photos/rex.jpg',
      taken: '2019 july 2019-07-14',
    });
    expect(matching(db, 'july')).toEqual([1]);
  });

  it('002 keeps every job and folder, none approved for spending and none local-only yet', () => {
    const db = at(1);
    db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 'then')`).run();
    addPhoto(db, 1);
    db.prepare(`INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES (1, 'queued', 'then')`).run();
    migrate(db, 2);
    expect(db.prepare(`SELECT photo_id, state, approved, origin FROM caption_jobs`).all()).toEqual([
      { photo_id: 1, state: 'queued', approved: 0, origin: 'scan' },
    ]);
    expect(db.prepare(`SELECT local_only FROM folders`).pluck().get()).toBe(0);
    addLedgerRow(db);
    expect(() => db.prepare(`UPDATE ledger SET state = 'billed'`).run()).toThrow(/CHECK/);
  });

  it('003 makes every earlier caption and tag a suggestion from the model that wrote it', () => {
    const db = at(2);
    addPhoto(db, 1, {
      caption: 'A dog',
      caption_status: 'done',
      caption_model: 'pixtral-12b',
      prompt_version: 2,
      captioned_at: '2026-01-02T00:00:00Z',
    });
    db.prepare(`INSERT INTO photo_tags (photo_id, tag) VALUES (1, 'dog'), (1, 'Dog'), (1, 'grass')`).run();
    migrate(db, 3);
    expect(
      db
        .prepare(
          `SELECT tag, state, origin, detail, prompt_version FROM photo_tags ORDER BY tag COLLATE BINARY`,
        )
        .all(),
    ).toEqual([
      // "Dog" and "dog" are now one tag; the first one stored stays.
      { tag: 'Dog', state: 'suggested', origin: 'model', detail: 'pixtral-12b', prompt_version: 2 },
      { tag: 'grass', state: 'suggested', origin: 'model', detail: 'pixtral-12b', prompt_version: 2 },
    ]);
    expect(db.prepare(`SELECT caption_state, caption_origin, caption_detail FROM photos`).get()).toEqual({
      caption_state: 'suggested',
      caption_origin: 'model',
      caption_detail: 'pixtral-12b',
    });
    // A rejected tag leaves the search text; the caption's date words are still written as 001 wrote them.
    db.prepare(`UPDATE photo_tags SET state = 'rejected' WHERE tag = 'grass'`).run();
    db.prepare(`UPDATE photos SET taken_at = '2020-03-01T08:00:00' WHERE id = 1`).run();
    expect(db.prepare(`SELECT tags, taken FROM search_docs`).get()).toEqual({
      tags: 'Dog',
      taken: '2020 march 2020-03-01',
    });
  });

  it('004 adds the record of exported words beside the existing photos', () => {
    const db = at(3);
    addPhoto(db, 1, { caption: 'A dog' });
    migrate(db, 4);
    db.prepare(
      `INSERT INTO exported_words (photo_id, kind, word, suggested) VALUES (1, 'tag', 'dog', 1)`,
    ).run();
    expect(() =>
      db
        .prepare(`INSERT INTO exported_words (photo_id, kind, word, suggested) VALUES (1, 'tag', 'DOG', 0)`)
        .run(),
    ).toThrow(/UNIQUE/);
    expect(db.prepare(`SELECT count(*) FROM photos`).pluck().get()).toBe(1);
  });

  it('010 rebuilds the index with word stems, so the photos already there match other forms of a word', () => {
    const db = at(5);
    addPhoto(db, 1, { caption: 'Two dogs running on the beach' });
    expect(matching(db, 'run')).toEqual([]);
    migrate(db, 10);
    expect(matching(db, 'run')).toEqual([1]);
    expect(matching(db, 'dog')).toEqual([1]);
    expect(db.prepare(`SELECT 1 FROM photos_vocab WHERE term = 'run'`).get()).toBeDefined();
  });

  it('011 adds the word pairs, empty and not yet built, leaving the photos as they were', () => {
    const db = at(10);
    addPhoto(db, 1, { caption: 'A beach' });
    migrate(db, 11);
    expect(db.prepare(`SELECT count(*) FROM word_pairs`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM word_pairs_built`).pluck().get()).toBe(0);
    expect(matching(db, 'beach')).toEqual([1]);
  });

  it('012 queues the photos that already have GPS for a place name, and only those', () => {
    const db = at(11);
    addPhoto(db, 1, { gps_lat: 50.88, gps_lon: 4.7 });
    addPhoto(db, 2);
    migrate(db, 12);
    expect(db.prepare(`SELECT photo_id FROM place_queue`).pluck().all()).toEqual([1]);
    addPhoto(db, 3, { gps_lat: 1, gps_lon: 2 });
    expect(db.prepare(`SELECT photo_id FROM place_queue ORDER BY photo_id`).pluck().all()).toEqual([1, 3]);
  });

  it('020 indexes the ledger by model without touching its rows', () => {
    const db = at(12);
    addLedgerRow(db);
    migrate(db, 20);
    expect(hasIndex(db, 'ledger_provider_model')).toBe(true);
    expect(db.prepare(`SELECT model, state FROM ledger`).all()).toEqual([
      { model: 'pixtral-12b', state: 'settled' },
    ]);
  });

  it('030 leaves the answering model of earlier calls unknown', () => {
    const db = at(20);
    addLedgerRow(db);
    migrate(db, 30);
    expect(db.prepare(`SELECT model, answered_model FROM ledger`).get()).toEqual({
      model: 'pixtral-12b',
      answered_model: null,
    });
  });

  it('031 keeps every waiting job out of any batch', () => {
    const db = at(30);
    addPhoto(db, 1);
    db.prepare(`INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES (1, 'queued', 'then')`).run();
    migrate(db, 31);
    expect(db.prepare(`SELECT photo_id, state, batch_id FROM caption_jobs`).all()).toEqual([
      { photo_id: 1, state: 'queued', batch_id: null },
    ]);
    expect(() =>
      db
        .prepare(
          `INSERT INTO caption_batches (provider, model, state, photos, created_at) VALUES ('mistral', 'm', 'lost', 1, 'now')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it("032 answers the queue's two look-ups from partial indexes, with the jobs as they were", () => {
    const db = at(31);
    addPhoto(db, 1);
    addPhoto(db, 2);
    db.prepare(
      `INSERT INTO caption_jobs (photo_id, state, updated_at, approved) VALUES (1, 'queued', 'then', 1), (2, 'queued', 'then', 0)`,
    ).run();
    migrate(db, 32);
    // INDEXED BY fails outright unless the partial index can answer exactly this look-up.
    const next = `SELECT photo_id FROM caption_jobs INDEXED BY caption_jobs_sendable
      WHERE state = 'queued' AND batch_id IS NULL AND (approved = 1 OR origin = 'watch')
      ORDER BY run_after, photo_id LIMIT 1`;
    expect(db.prepare(next).pluck().get()).toBe(1);
    const queued = `SELECT photo_id FROM caption_jobs INDEXED BY caption_jobs_queued
      WHERE state = 'queued' AND batch_id IS NULL ORDER BY run_after, photo_id`;
    expect(db.prepare(queued).pluck().all()).toEqual([1, 2]);
  });

  it('036 adds bake-off results beside the existing photos, with no tags by default', () => {
    const db = at(35);
    addPhoto(db, 1);
    migrate(db, 36);
    db.prepare(`INSERT INTO bakeoff_results (run_id, photo_id, model, at) VALUES (1, 1, 'm', 'now')`).run();
    expect(db.prepare(`SELECT run_id, photo_id, tags FROM bakeoff_results`).get()).toEqual({
      run_id: 1,
      photo_id: 1,
      tags: '[]',
    });
  });
  it("048 keeps every undo entry's rows, reads them by photo through an index, and has no change under way", () => {
    const db = at(47);
    addPhoto(db, 1);
    db.prepare(`INSERT INTO edits (id, at, label) VALUES (1, 'then', 'Renamed cat to kitten')`).run();
    db.prepare(
      `INSERT INTO edit_rows (edit_id, kind, photo_id, tag, before) VALUES (1, 'tag', 1, 'cat', 'accepted')`,
    ).run();
    migrate(db, 48);
    expect(db.prepare(`SELECT edit_id, kind, photo_id, tag, before FROM edit_rows`).all()).toEqual([
      { edit_id: 1, kind: 'tag', photo_id: 1, tag: 'cat', before: 'accepted' },
    ]);
    expect(hasIndex(db, 'edit_rows_edit_photo')).toBe(true);
    expect(db.prepare(`SELECT count(*) FROM vocabulary_jobs`).pluck().get()).toBe(0);
  });

  it('056 queues every captioned photo for its vector, and a changed caption drops its old one', () => {
    const db = at(48);
    addPhoto(db, 1, { caption: 'A dog on a beach.', caption_status: 'done' });
    addPhoto(db, 2, { caption: '   ' });
    addPhoto(db, 3);
    migrate(db, 56);
    expect(db.prepare(`SELECT photo_id FROM meaning_queue`).pluck().all()).toEqual([1]);
    expect(hasIndex(db, 'caption_vectors_encoder')).toBe(true);
    db.prepare(
      `INSERT INTO caption_vectors (photo_id, encoder, code, vector, scale) VALUES (1, 'e', x'00', x'00', 1)`,
    ).run();
    db.prepare(`DELETE FROM meaning_queue`).run();
    db.prepare(`UPDATE photos SET caption = 'A cat on a sofa.' WHERE id = 1`).run();
    expect(db.prepare(`SELECT count(*) FROM caption_vectors`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT photo_id FROM meaning_queue`).pluck().all()).toEqual([1]);
    addPhoto(db, 4, { caption: 'A new photo.' });
    expect(db.prepare(`SELECT photo_id FROM meaning_queue ORDER BY photo_id`).pluck().all()).toEqual([1, 4]);
  });
});
