// A folder's removal in batches on a real catalogue file: a photo that goes drops its search row once instead of
// having it rewritten for each of its files and tags, and what stays is found as before, by what stays.
import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import { searchPhotos } from '../catalog/index';
import { storeModelSuggestion } from '../review/modelOutput';
import { removeFolderBatch } from './folderRemovalStore';

const ALONE = 20;

describe('removing a folder in batches', () => {
  const catalogue = catalogueForEachTest(
    'folder-removal',
    `INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now'), (2, '/b', 'now');`,
  );

  /** ALONE photos only in /a; one with two copies in /a; one in /a and in /b. Each captioned and tagged. */
  function fill(): { twice: number; shared: number } {
    const { db } = catalogue;
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, caption_status, created_at) VALUES (?, 1, 'done', 'now')`,
    );
    const file = db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)`,
    );
    const add = (hash: string, paths: Array<[number, string]>): number => {
      const id = Number(photo.run(hash).lastInsertRowid);
      for (const [folder, path] of paths) file.run(folder, path, id);
      storeModelSuggestion(db, id, {
        caption: `A harbour at dusk ${hash}`,
        tags: ['harbour', 'boat', hash],
        model: 'm',
        promptVersion: 1,
        at: 'now',
      });
      return id;
    };
    let twice = 0;
    db.transaction(() => {
      for (let i = 1; i <= ALONE; i++) {
        add(`alone${i}`, [[1, `/a/alone${i}.jpg`]]);
        // The fifth photo: its two copies may fall into two batches of five.
        if (i === 4)
          twice = add('twice', [
            [1, '/a/twice.jpg'],
            [1, '/a/zz/twice-copy.jpg'],
          ]);
      }
    })();
    const shared = add('shared', [
      [1, '/a/kept-elsewhere.jpg'],
      [2, '/b/kept-elsewhere.jpg'],
    ]);
    return { twice, shared };
  }

  it('drops the search row of each photo that goes once, and keeps the rest findable by what is left', () => {
    const { db } = catalogue;
    const { twice, shared } = fill();
    // Every rewrite of a search row during the removal, by photo.
    db.exec(`CREATE TEMP TABLE rewrites (photo_id INTEGER);
      CREATE TEMP TRIGGER count_rewrites AFTER UPDATE ON main.search_docs BEGIN
        INSERT INTO rewrites VALUES (old.photo_id);
      END;`);

    const batches = [];
    for (let done = false; !done;) {
      const batch = removeFolderBatch(db, 1, 5);
      batches.push(batch);
      done = batch.done;
    }

    expect(batches.reduce((sum, b) => sum + b.files, 0)).toBe(ALONE + 3);
    expect(batches.reduce((sum, b) => sum + b.photosRemoved, 0)).toBe(ALONE + 1);
    const rewritten = db.prepare('SELECT photo_id FROM rewrites').pluck().all() as number[];
    // Only the photo that stays (its file names, once), and the one with two copies if they fell into two
    // batches; never a photo whose one location went.
    expect(rewritten.filter((id) => id === shared)).toHaveLength(1);
    expect(rewritten.filter((id) => id !== shared && id !== twice)).toEqual([]);

    const total = (text: string) => searchPhotos(db, { text, limit: 50 }).total;
    expect(total('harbour')).toBe(1);
    expect(total('alone7')).toBe(0);
    expect(total('twice')).toBe(0);
    expect(searchPhotos(db, { text: 'shared', limit: 5 }).items.map((p) => p.id)).toEqual([shared]);
    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM photos), (SELECT count(*) FROM search_docs), (SELECT count(*) FROM files),
           (SELECT count(*) FROM photo_tags), (SELECT count(*) FROM folders)`,
      )
      .raw()
      .get();
    expect(counts).toEqual([1, 1, 1, 3, 1]);
    expect(db.prepare('SELECT names FROM search_docs').pluck().get()).toBe('/b/kept-elsewhere.jpg');
  });
});
