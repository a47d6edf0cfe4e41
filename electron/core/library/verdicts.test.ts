// A file once recorded as unreadable for a reason that was not the photo's (a full disk, in older versions)
// must not stay unreadable for ever: a rescan the user asks for reads it again.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyCorpus, count, makeHarness, type Harness } from '../../../test/support/libraryHarness';

const GOOD = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

describe('verdicts about a photo', () => {
  it('a rescan reads a file recorded unreadable again, and catalogues it when it is fine', async () => {
    h = makeHarness();
    const root = join(h.dir, 'Photos');
    const photo = copyCorpus(GOOD, join(root, 'good.jpg'));
    const folderId = Number(
      h.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(root, new Date().toISOString())
        .lastInsertRowid,
    );
    const stats = statSync(photo);
    h.db
      .prepare(
        'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES (?, ?, ?, ?, NULL, ?)',
      )
      .run(
        folderId,
        photo,
        stats.size,
        Math.floor(stats.mtimeMs),
        'image could not be decoded (write error)',
      );

    await h.library.start();
    await h.library.whenIdle();
    // A start does not read every unreadable file again (that could be slow); a rescan does.
    expect(h.library.listUnreadable()).toHaveLength(1);
    await h.library.rescan(folderId);
    await h.library.whenIdle();
    expect(h.library.listUnreadable()).toEqual([]);
    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(1);
    expect(h.library.listFolders()[0]).toMatchObject({ photoCount: 1, unreadableCount: 0 });
  });
});
