import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { CatalogueStore } from './catalogueStore';

describe('catalogue store', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-catalogue-store-'));
    db = openDatabase(join(dir, 'catalogue.db'));
    db.exec(`
      INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now');
      INSERT INTO photos (id, hash, bytes, created_at) VALUES (1, 'h1', 1, 'now'), (2, 'h2', 1, 'now');
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/a/1.jpg', 1, 1, 1, NULL),
        (1, '/a/2.jpg', 1, 1, 2, NULL),
        (1, '/a/2.cr2', 1, 1, NULL, 'no usable preview');
    `);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a folder again once an unreadable file joins its readable partner', () => {
    const store = new CatalogueStore(db);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    store.adoptUnreadable('/a/2.cr2', 2);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 0 });
  });

  it('keeps the counts of a folder whose files an adoption did not change', () => {
    const store = new CatalogueStore(db);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    store.adoptUnreadable('/a/1.jpg', 2);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    expect(db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get('/a/1.jpg')).toBe(1);
  });
});
