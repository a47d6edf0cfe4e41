import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../../shared/types';
import { openDatabase } from '../db/openDatabase';
import { getPhoto, listTags, searchPhotos, toFtsQuery } from './index';

let db: Database;
let folderA: number;
let folderB: number;

function addPhoto(opts: {
  folder: number;
  path: string;
  caption?: string;
  tags?: string[];
  takenAt?: string;
}) {
  const id = Number(
    db
      .prepare(
        `INSERT INTO photos (hash, bytes, caption, caption_status, taken_at, camera_make, camera_model, created_at)
         VALUES (?, 1, ?, ?, ?, 'NIKON CORPORATION', 'NIKON D3', ?)`,
      )
      .run(
        `${opts.path}-hash`,
        opts.caption ?? null,
        opts.caption ? 'done' : 'queued',
        opts.takenAt ?? null,
        '2026-01-01T00:00:00.000Z',
      ).lastInsertRowid,
  );
  for (const tag of opts.tags ?? [])
    db.prepare('INSERT INTO photo_tags (photo_id, tag) VALUES (?, ?)').run(id, tag);
  db.prepare('INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)').run(
    opts.folder,
    opts.path,
    id,
  );
  return id;
}

beforeEach(() => {
  db = openDatabase(':memory:');
  const folder = db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)');
  folderA = Number(folder.run('/photos/a', 'x').lastInsertRowid);
  folderB = Number(folder.run('/photos/b', 'x').lastInsertRowid);
});

describe('search', () => {
  it('ranks a caption match above a file-name match and marks the matched words', () => {
    const byName = addPhoto({
      folder: folderA,
      path: '/photos/a/dog.jpg',
      caption: 'A cat asleep on a sofa.',
    });
    const byCaption = addPhoto({
      folder: folderA,
      path: '/photos/a/IMG_1.jpg',
      caption: 'A dog running on a beach.',
      tags: ['dog', 'beach'],
    });
    const page = searchPhotos(db, { text: 'dog' });
    expect(page.items.map((p) => p.id)).toEqual([byCaption, byName]);
    expect(page.items[0]!.captionHighlighted).toBe(
      `A ${HIGHLIGHT_START}dog${HIGHLIGHT_END} running on a beach.`,
    );
    expect(page.items[0]!.fileName).toBe('IMG_1.jpg');
  });

  it('needs every word, falls back to any word, and matches prefixes as you type', () => {
    const beach = addPhoto({ folder: folderA, path: '/photos/a/1.jpg', caption: 'A dog on a beach.' });
    const park = addPhoto({ folder: folderA, path: '/photos/a/2.jpg', caption: 'A dog in a park.' });
    expect(searchPhotos(db, { text: 'dog beach' }).items.map((p) => p.id)).toEqual([beach]);
    expect(searchPhotos(db, { text: 'dog bea' }).items.map((p) => p.id)).toEqual([beach]);
    expect(new Set(searchPhotos(db, { text: 'park beach' }).items.map((p) => p.id))).toEqual(
      new Set([beach, park]),
    );
  });

  it('filters by folder, taken date and tag, and lists newest first without text', () => {
    const old = addPhoto({
      folder: folderA,
      path: '/photos/a/old.jpg',
      caption: 'Snow.',
      takenAt: '2001-02-03T10:00:00',
    });
    const recent = addPhoto({
      folder: folderB,
      path: '/photos/b/new.jpg',
      caption: 'Snow again.',
      tags: ['snow'],
      takenAt: '2024-12-31T23:59:59',
    });
    expect(searchPhotos(db, { text: 'snow', folderId: folderB }).items.map((p) => p.id)).toEqual([recent]);
    expect(
      searchPhotos(db, { text: '', takenFrom: '2024-12-31', takenTo: '2024-12-31' }).items.map((p) => p.id),
    ).toEqual([recent]);
    expect(searchPhotos(db, { text: '', tag: 'snow' }).total).toBe(1);
    expect(searchPhotos(db, { text: '' }).items.map((p) => p.id)).toEqual([recent, old]);
    expect(searchPhotos(db, { text: 'nikon' }).total).toBe(2);
    expect(searchPhotos(db, { text: 'december 2024' }).items.map((p) => p.id)).toEqual([recent]);
    expect(searchPhotos(db, { text: '2001' }).items.map((p) => p.id)).toEqual([old]);
  });

  it('never raises an error, whatever is typed', () => {
    addPhoto({ folder: folderA, path: '/photos/a/1.jpg', caption: 'A dog on a beach.' });
    const hostile = [
      '"',
      '"dog',
      'dog*',
      '*',
      '-dog',
      'dog OR',
      'OR',
      'NEAR(dog beach)',
      'NEAR',
      '((dog',
      'dog)',
      'caption:dog',
      '^dog',
      "'; DROP TABLE photos; --",
      '🐶🏖️',
      '\ud800',
      'x'.repeat(2000),
      'dog '.repeat(500),
      'AND AND',
      '{caption tags}: dog',
    ];
    for (const text of hostile) expect(() => searchPhotos(db, { text }), text).not.toThrow();
    expect(searchPhotos(db, { text: '"dog" OR NEAR(' }).total).toBe(1);
    expect(toFtsQuery('🐶')).toBeNull();
  });

  it('returns a photo with its tags, locations and metadata, and counts tags', () => {
    const id = addPhoto({ folder: folderA, path: '/photos/a/x.jpg', caption: 'Hi.', tags: ['b', 'a'] });
    addPhoto({ folder: folderA, path: '/photos/a/y.jpg', caption: 'Yo.', tags: ['a'] });
    const photo = getPhoto(db, id)!;
    expect(photo.tags).toEqual(['a', 'b']);
    expect(photo.locations.map((l) => l.path)).toEqual(['/photos/a/x.jpg']);
    expect(photo.metadata.cameraModel).toBe('NIKON D3');
    expect(getPhoto(db, 999)).toBeNull();
    expect(listTags(db)).toEqual([
      { tag: 'a', count: 2 },
      { tag: 'b', count: 1 },
    ]);
  });
});
