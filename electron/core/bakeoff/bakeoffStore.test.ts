import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { record, results } from './bakeoffStore';

describe('bake-off store', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-bakeoff-store-'));
    db = openDatabase(join(dir, 'catalogue.db'));
    db.exec(`
      INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now');
      INSERT INTO photos (id, hash, bytes, created_at) VALUES (1, 'h1', 1, 'now'), (2, 'h2', 1, 'now');
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/a/IMG_1.CR2', 1, 1, 1, NULL),
        (1, '/a/IMG_1.JPG', 1, 1, 1, NULL),
        (1, '/a/broken.jpg', 1, 1, 2, 'cannot decode'),
        (1, '/a/whole.jpg', 1, 1, 2, NULL);
    `);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names each answer by the file its picture came from: the pair's JPEG, a readable copy", () => {
    for (const photoId of [1, 2])
      record(
        db,
        1,
        { photoId, model: 'm', caption: 'c', tags: ['t'], latencyMs: 1, costUsd: 0, error: null },
        'now',
      );
    expect(results(db, 1).map((r) => [r.photoId, r.fileName, r.hash, r.tags])).toEqual([
      [1, 'IMG_1.JPG', 'h1', ['t']],
      [2, 'whole.jpg', 'h2', ['t']],
    ]);
  });
});
