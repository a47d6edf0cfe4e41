// The photos an export covers when its scope has no words: the search's photos, chosen by an index.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchPhotos } from '../catalog/search';
import { openDatabase } from '../db/openDatabase';
import { filteredIdsQuery } from '../stores/exportRecordsStore';
import { scopePhotoIds } from './exportScope';

let db: Database;
let folders: number[];

beforeEach(() => {
  db = openDatabase(':memory:');
  const folder = db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)');
  folders = [Number(folder.run('/a', 'x').lastInsertRowid), Number(folder.run('/b', 'x').lastInsertRowid)];
  const photo = db.prepare(
    `INSERT INTO photos (hash, bytes, caption_status, taken_at, created_at) VALUES (?, 1, 'queued', ?, 'now')`,
  );
  const tag = db.prepare('INSERT INTO photo_tags (photo_id, tag, state) VALUES (?, ?, ?)');
  const file = db.prepare(
    'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES (?, ?, 1, 1, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const id = Number(photo.run(`h${i}`, `2026-0${1 + (i % 9)}-01T10:00:00Z`).lastInsertRowid);
      if (i % 3 === 0) tag.run(id, 'dog', i % 15 === 0 ? 'rejected' : 'accepted');
      if (i % 5 === 0) tag.run(id, 'cat', 'suggested');
      // Every 7th photo's only file is unreadable: the search leaves it out, and so must the export.
      file.run(folders[i % 2], `/${i % 2 ? 'b' : 'a'}/p${i}.jpg`, id, i % 7 === 0 ? 'broken' : null);
    }
  })();
});
afterEach(() => db.close());

function searched(
  search: { text: string; tag?: string; takenFrom?: string; takenTo?: string },
  folderId?: number,
) {
  const page = searchPhotos(db, { ...search, folderId, limit: 10_000 });
  return page.items.map((item) => item.id).sort((a, b) => a - b);
}

describe('an export scope without words', () => {
  it.each([
    [{ text: '', tag: 'dog' }, undefined],
    [{ text: ' ', tag: 'cat' }, 1],
    [{ text: '', takenFrom: '2026-03-01', takenTo: '2026-05-31' }, undefined],
    [{ text: '', tag: 'dog', takenFrom: '2026-02-01' }, 0],
  ])('covers exactly the photos the search lists (%o, folder %s)', (search, folder) => {
    const folderId = folder === undefined ? undefined : folders[folder];
    const ids = scopePhotoIds(db, { search, folderId });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(searched(search, folderId));
  });

  it('is read through the tag index rather than every photo', () => {
    const query = filteredIdsQuery({ text: '', tag: 'dog' }, undefined);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{
      detail: string;
    }>;
    expect(plan.map((row) => row.detail).join('\n')).toMatch(
      /photo_tags USING (COVERING )?INDEX photo_tags_tag/,
    );
  });
});

describe('an export scope with words', () => {
  it('covers the photos the search lists, in its order, ranked once rather than page by page', () => {
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, caption_status, caption, caption_state, created_at)
       VALUES (?, 1, 'done', ?, 'accepted', 'now')`,
    );
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 120; i++) {
        const caption = i % 2 ? `A brown dog by the sea, number ${i}` : `A dog and another dog on grass ${i}`;
        const id = Number(photo.run(`w${i}`, i % 5 === 0 ? 'A cat on a wall' : caption).lastInsertRowid);
        file.run(folders[0], `/a/w${i}.jpg`, id);
      }
    })();
    for (const search of [{ text: 'dog' }, { text: 'dog sea' }, { text: 'brown dog', tag: 'cat' }]) {
      const ids = scopePhotoIds(db, { search });
      const listed = searchPhotos(db, { ...search, limit: 10_000 }).items.map((item) => item.id);
      expect(ids).toEqual(listed);
    }
    // Longer than the search's first page: the whole list, not a page of it.
    expect(scopePhotoIds(db, { search: { text: 'dog' } }).length).toBeGreaterThan(100);
  });
});
