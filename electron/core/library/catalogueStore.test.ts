import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { createCatalogueStore } from './catalogueStore';
import { bareMetadata } from '../../../test/support/libraryHarness';

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
    const store = createCatalogueStore(db);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    store.adoptUnreadable('/a/2.cr2', 2);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 0 });
  });

  it('keeps the counts of a folder whose files an adoption did not change', () => {
    const store = createCatalogueStore(db);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    store.adoptUnreadable('/a/1.jpg', 2);
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    expect(db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get('/a/1.jpg')).toBe(1);
  });

  it('counts both folders again when a file moves between them, and a folder removed in batches', () => {
    const store = createCatalogueStore(db);
    const b = store.insertFolder('/b', 'now');
    expect(store.folderCounts(1)).toEqual({ photoCount: 2, unreadableCount: 1 });
    expect(store.folderCounts(b.id)).toEqual({ photoCount: 0, unreadableCount: 0 });
    expect(store.upsertFile({ folderId: b.id, path: '/a/1.jpg', size: 1, mtimeMs: 1 }, 1, null)).toBe(1);
    expect(store.folderCounts(1)).toEqual({ photoCount: 1, unreadableCount: 1 });
    expect(store.folderCounts(b.id)).toEqual({ photoCount: 1, unreadableCount: 0 });
    const batches = [store.removeFolderBatch(1, 1), store.removeFolderBatch(1, 10)];
    expect(batches.map(({ files, done }) => ({ files, done }))).toEqual([
      { files: 1, done: false },
      { files: 1, done: true },
    ]);
    // Photo 2 had its one location there; photo 1 keeps its file in /b.
    expect(batches[0]!.photosRemoved + batches[1]!.photosRemoved).toBe(1);
    expect(store.folder(1)).toBeUndefined();
    expect(store.orphanPhotoIds()).toEqual([]);
    expect(store.folderCounts(b.id)).toEqual({ photoCount: 1, unreadableCount: 0 });
  });

  it('joins a second copy to the photo already catalogued, with no second caption job', () => {
    const store = createCatalogueStore(db);
    const metadata = bareMetadata('jpeg', 1, 1);
    const facts = (path: string) => ({ folderId: 1, path, size: 1, mtimeMs: 1 });
    const first = store.insertPhotoWithJob(facts('/a/3.jpg'), 'h3', null, metadata, 'now');
    expect(first).toMatchObject({ created: true, previous: null });
    expect(store.insertPhotoWithJob(facts('/a/4.jpg'), 'h3', null, metadata, 'now')).toEqual({
      photoId: first.photoId,
      created: false,
      previous: null,
    });
    expect(store.fileCountOfPhoto(first.photoId)).toBe(2);
    expect(
      db.prepare('SELECT count(*) FROM caption_jobs WHERE photo_id = ?').pluck().get(first.photoId),
    ).toBe(1);
    expect(store.folderCounts(1)).toEqual({ photoCount: 3, unreadableCount: 1 });
    expect(store.deleteFile('/a/3.jpg')).toBe(first.photoId);
    expect(store.deletePhotoIfOrphan(first.photoId)).toBe(false);
  });
});
