import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/openDatabase';
import {
  mergeSearchIndexStep,
  restoreSearchIndexMerging,
  searchIndexAutomerge,
  withSearchIndexMergingPaused,
} from './searchIndexMerging';

let db: Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

/** Photos with a file each, one commit apiece: a segment of the full-text index per commit. */
function addPhotos(target: Database, from: number, n: number): void {
  const photo = target.prepare(
    `INSERT INTO photos (hash, bytes, format, width, height, caption_status, created_at)
     VALUES (?, 10, 'jpeg', 1, 1, 'queued', 'now')`,
  );
  const folder = target.prepare(
    "INSERT OR IGNORE INTO folders (id, path, added_at) VALUES (1, '/lib', 'now')",
  );
  folder.run();
  const file = target.prepare(
    'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 10, 1, ?)',
  );
  for (let i = from; i < from + n; i++) {
    const id = photo.run(`hash-${i}`).lastInsertRowid;
    file.run(`/lib/harbour-${i % 7}/boat-${i}.jpg`, id);
  }
}

function segments(target: Database): number {
  // FTS5 keeps a row of this table for each leaf-page span of each segment: fewer once segments are merged.
  const rows = target.prepare('SELECT count(*) AS n FROM photos_fts_idx').get() as { n: number };
  return rows.n;
}

describe('the search index merged in steps of its own', () => {
  it('pauses the merging while the work runs, also for work that overlaps, and turns it on again after', async () => {
    db = openDatabase(':memory:');
    expect(searchIndexAutomerge(db)).toBe(4);
    let release!: () => void;
    const first = withSearchIndexMergingPaused(db, () => new Promise<void>((done) => (release = done)));
    expect(searchIndexAutomerge(db)).toBe(0);
    await withSearchIndexMergingPaused(db, async () => {
      expect(searchIndexAutomerge(db!)).toBe(0);
    });
    // The second ended first: the first still runs.
    expect(searchIndexAutomerge(db)).toBe(0);
    restoreSearchIndexMerging(db);
    expect(searchIndexAutomerge(db)).toBe(0);
    release();
    await first;
    expect(searchIndexAutomerge(db)).toBe(4);

    await expect(
      withSearchIndexMergingPaused(db, () => Promise.reject(new Error('disk full'))),
    ).rejects.toThrow('disk full');
    expect(searchIndexAutomerge(db)).toBe(4);
  });

  it('keeps the index whole and findable while paused, and its steps merge the segments the commits left', async () => {
    db = openDatabase(':memory:');
    const target = db;
    let before = 0;
    await withSearchIndexMergingPaused(target, async () => {
      addPhotos(target, 0, 300);
      before = segments(target);
      for (let i = 0; i < 50; i++) mergeSearchIndexStep(target);
    });
    expect(segments(target)).toBeLessThan(before);
    target.prepare("INSERT INTO photos_fts (photos_fts) VALUES ('integrity-check')").run();
    const found = target
      .prepare("SELECT count(*) AS n FROM photos_fts WHERE photos_fts MATCH 'harbour'")
      .get() as {
      n: number;
    };
    expect(found.n).toBe(300);
  });

  it('lets the work run when the catalogue refuses the setting or a step (a full disk)', async () => {
    db = openDatabase(':memory:');
    db.pragma('query_only = ON');
    const target = db;
    const ran = await withSearchIndexMergingPaused(target, async () => {
      mergeSearchIndexStep(target);
      return 'ran';
    });
    expect(ran).toBe('ran');
    expect(() => restoreSearchIndexMerging(target)).not.toThrow();
    expect(searchIndexAutomerge(target)).toBe(4);
  });
});
