import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { hasReadableFile, pendingReviewPage, READABLE_FILE } from './photosStore';

describe('photos store', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-photos-store-'));
    db = openDatabase(join(dir, 'catalogue.db'));
    db.exec(`
      INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now'), (2, '/b', 'now');
      INSERT INTO photos (id, hash, bytes, created_at, caption, caption_state) VALUES
        (1, 'h1', 1, '2024-01-01', 'readable in a', 'suggested'),
        (2, 'h2', 1, '2024-01-02', 'unreadable only', 'suggested'),
        (3, 'h3', 1, '2024-01-03', 'readable in b only', 'suggested'),
        (4, 'h4', 1, '2024-01-04', 'reviewed', 'accepted');
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/a/1.jpg', 1, 1, 1, NULL),
        (1, '/a/2.jpg', 1, 1, 2, 'cannot decode'),
        (1, '/a/3.jpg', 1, 1, 3, 'cannot decode'),
        (2, '/b/3.jpg', 1, 1, 3, NULL),
        (1, '/a/4.jpg', 1, 1, 4, NULL);
    `);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = (where: string, ...params: unknown[]) =>
    db
      .prepare(`SELECT id FROM photos p WHERE ${where} ORDER BY id`)
      .pluck()
      .all(...params);

  it('counts a photo as readable while one of its files is', () => {
    expect(ids(READABLE_FILE)).toEqual([1, 3, 4]);
    expect(ids(hasReadableFile({ folder: '?' }), 1)).toEqual([1, 4]);
    expect(ids(hasReadableFile({ folder: '?' }), 2)).toEqual([3]);
  });

  it('queues readable photos with unreviewed suggestions, newest first, per folder', () => {
    const all = pendingReviewPage(db, { folderId: null, model: null, limit: 10, offset: 0 });
    expect(all.total).toBe(2);
    expect(all.rows.map((row) => [row.id, row.path])).toEqual([
      [3, '/b/3.jpg'],
      [1, '/a/1.jpg'],
    ]);
    const inA = pendingReviewPage(db, { folderId: 1, model: null, limit: 10, offset: 0 });
    expect(inA.rows.map((row) => row.id)).toEqual([1]);
    expect(inA.total).toBe(1);
  });
});
