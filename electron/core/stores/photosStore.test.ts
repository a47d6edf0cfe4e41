import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import {
  findReadablePath,
  findReadablePathById,
  hasReadableFile,
  pendingReviewPage,
  photoWithAttempts,
  READABLE_FILE,
  readableLocations,
  recordFileStat,
  rehashPhoto,
  SUMMARY_COLUMNS,
  toSummary,
  type SummaryRow,
} from './photosStore';
import { tagsByUse, userTagsOf } from './tagsStore';
import { userCaptionOf } from './captionsStore';

describe('photos store', () => {
  const catalogue = catalogueForEachTest(
    'photos-store',
    `
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
    `,
  );

  const ids = (where: string, ...params: unknown[]) =>
    catalogue.db
      .prepare(`SELECT id FROM photos p WHERE ${where} ORDER BY id`)
      .pluck()
      .all(...params);

  it('counts a photo as readable while one of its files is', () => {
    expect(ids(READABLE_FILE)).toEqual([1, 3, 4]);
    expect(ids(hasReadableFile({ folder: '?' }), 1)).toEqual([1, 4]);
    expect(ids(hasReadableFile({ folder: '?' }), 2)).toEqual([3]);
  });

  it('queues readable photos with unreviewed suggestions, newest first, per folder', () => {
    const all = pendingReviewPage(catalogue.db, { folderId: null, model: null, limit: 10, offset: 0 });
    expect(all.total).toBe(2);
    expect(all.rows.map((row) => [row.id, row.path])).toEqual([
      [3, '/b/3.jpg'],
      [1, '/a/1.jpg'],
    ]);
    const inA = pendingReviewPage(catalogue.db, { folderId: 1, model: null, limit: 10, offset: 0 });
    expect(inA.rows.map((row) => row.id)).toEqual([1]);
    expect(inA.total).toBe(1);
  });

  it('finds a readable path, a JPEG before its RAW twin, never an unreadable file', () => {
    catalogue.db.exec(`
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/a/1.DNG', 1, 1, 1, NULL), (2, '/b/1.jpg', 1, 1, 1, NULL), (2, '/b/4.nef', 1, 1, 4, NULL);
      UPDATE files SET error = 'gone' WHERE path = '/a/1.jpg';
    `);
    // /a/1.DNG was found before /b/1.jpg (a lower id), yet the JPEG is the one pictures come from.
    expect(findReadablePath(catalogue.db, 'h1')).toBe('/b/1.jpg');
    expect(findReadablePathById(catalogue.db, 1)).toBe('/b/1.jpg');
    expect(findReadablePathById(catalogue.db, 4)).toBe('/a/4.jpg');
    expect(findReadablePathById(catalogue.db, 2)).toBeNull();
    expect(findReadablePath(catalogue.db, 'no such hash')).toBeNull();
    expect(readableLocations(catalogue.db, 3)).toEqual([
      { path: '/b/3.jpg', folderId: 2, size: 1, mtimeMs: 1 },
    ]);
    expect(readableLocations(catalogue.db, 1).map((location) => location.path)).toEqual([
      '/a/1.DNG',
      '/b/1.jpg',
    ]);
  });

  it('names in lists the file pictures come from: the JPEG of a RAW+JPEG pair, even when the RAW came first', () => {
    catalogue.db.exec(`
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/a/1.DNG', 1, 1, 1, NULL), (2, '/b/1.jpg', 1, 1, 1, NULL);
      UPDATE files SET error = 'gone' WHERE path = '/a/1.jpg';
    `);
    const row = catalogue.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM photos p WHERE p.id = 1`)
      .get() as SummaryRow;
    expect(row.path).toBe('/b/1.jpg');
    expect(findReadablePathById(catalogue.db, 1)).toBe('/b/1.jpg');
    expect(toSummary(row, false).fileName).toBe('1.jpg');
  });

  it("reads a photo's row with its job's attempts, and nothing for a photo that is gone", () => {
    catalogue.db.exec(
      `INSERT INTO caption_jobs (photo_id, state, attempts, updated_at) VALUES (3, 'failed', 2, 'now')`,
    );
    expect(photoWithAttempts(catalogue.db, 3)).toMatchObject({ id: 3, hash: 'h3', attempts: 2 });
    expect(photoWithAttempts(catalogue.db, 1)).toMatchObject({ id: 1, attempts: null });
    expect(photoWithAttempts(catalogue.db, 99)).toBeUndefined();
  });

  it("counts tags on readable photos only, without rejections, and reads the user's own words", () => {
    catalogue.db.exec(`
      INSERT INTO photo_tags (photo_id, tag, state, origin, position) VALUES
        (1, 'Beach', 'accepted', 'model', 0), (3, 'beach', 'suggested', 'model', 0),
        (2, 'beach', 'accepted', 'model', 0), (4, 'beach', 'rejected', 'model', 0),
        (1, 'sea', 'user', 'user', 2), (1, 'dog', 'user', 'user', 1);
      UPDATE photos SET caption = 'my own words', caption_state = 'user' WHERE id = 4;
    `);
    // Photo 2 has no readable file and photo 4 rejected the tag: two photos carry "beach".
    expect(tagsByUse(catalogue.db, 10)).toEqual([
      { tag: 'Beach', count: 2 },
      { tag: 'dog', count: 1 },
      { tag: 'sea', count: 1 },
    ]);
    expect(tagsByUse(catalogue.db, 1)).toEqual([{ tag: 'Beach', count: 2 }]);
    expect(userTagsOf(catalogue.db, 1)).toEqual(['dog', 'sea']);
    expect(userTagsOf(catalogue.db, 3)).toEqual([]);
    expect(userCaptionOf(catalogue.db, 4)).toBe('my own words');
    expect(userCaptionOf(catalogue.db, 1)).toBeNull();
  });
  it('takes new bytes: a new hash unless another photo has it, and the file size and mtime as they are now', () => {
    rehashPhoto(catalogue.db, 1, 'h1-written');
    rehashPhoto(catalogue.db, 3, 'h2');
    recordFileStat(catalogue.db, '/a/1.jpg', 2048, 1700000000123);
    const hashes = catalogue.db.prepare('SELECT id, hash FROM photos WHERE id IN (1, 3) ORDER BY id').all();
    expect(hashes).toEqual([
      { id: 1, hash: 'h1-written' },
      { id: 3, hash: 'h3' },
    ]);
    const file = catalogue.db.prepare(`SELECT size, mtime_ms FROM files WHERE path = '/a/1.jpg'`).get();
    expect(file).toEqual({ size: 2048, mtime_ms: 1700000000123 });
  });
});
