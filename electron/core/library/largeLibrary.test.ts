// Work over a whole folder of a big library runs in short batches and a catch-up only checks for changes.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Folder, ScanProgress } from '../../../shared/types';
import { copyCorpus, count, makeHarness, type Harness } from '../../../test/support/libraryHarness';
import { prefixRange } from './catalogueStore';
import { hashFile } from './hashFile';
import { searchIndexAutomerge } from '../stores/searchIndexMerging';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const C = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** `n` catalogued locations of distinct photos in folder `folderId`, as a finished scan leaves them. */
function fillFolder(harness: Harness, folderId: number, root: string, n: number): void {
  const photo = harness.db.prepare(
    `INSERT INTO photos (hash, bytes, format, width, height, caption_status, created_at)
     VALUES (?, 10, 'jpeg', 1, 1, 'queued', 'now')`,
  );
  const file = harness.db.prepare(
    'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 10, 1, ?)',
  );
  const job = harness.db.prepare(
    `INSERT INTO caption_jobs (photo_id, state, updated_at, origin) VALUES (?, 'queued', 'now', 'scan')`,
  );
  harness.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = photo.run(`synthetic-${folderId}-${i}`).lastInsertRowid;
      file.run(folderId, join(root, `d${i % 50}`, `p${i}.jpg`), id);
      job.run(id);
    }
  })();
}

describe('removing a folder of a big library', () => {
  it('hides the folder at once and forgets its rows in batches while the event loop keeps turning', async () => {
    h = makeHarness();
    const one = join(h.dir, 'one');
    const two = join(h.dir, 'two');
    copyCorpus(A, join(one, 'a.jpg'));
    copyCorpus(A, join(two, 'a-copy.jpg'));
    const first = await h.library.addFolder(one);
    await h.library.addFolder(two);
    await h.library.whenIdle();
    fillFolder(h, first.id, one, 20_000);

    const seenMidway: Array<{ files: number; listed: string[]; automerge: number }> = [];
    let turning = true;
    const watch = (async () => {
      while (turning) {
        await nextTurn();
        seenMidway.push({
          files: count(h!.db, 'SELECT count(*) FROM files WHERE folder_id = ?', first.id),
          listed: h!.library.listFolders().map((f) => f.path),
          automerge: searchIndexAutomerge(h!.db),
        });
      }
    })();
    await h.library.removeFolder(first.id);
    turning = false;
    await watch;

    const partial = seenMidway.filter((s) => s.files > 0 && s.files < 20_001);
    expect(partial.length).toBeGreaterThan(1);
    expect(partial.every((s) => s.listed.length === 1 && s.listed[0] === two)).toBe(true);
    expect(count(h.db, 'SELECT count(*) FROM files')).toBe(1);
    expect(count(h.db, 'SELECT count(*) FROM folders')).toBe(1);
    // The photo also held by the other folder stays, with its job; the 20,000 others go with theirs.
    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(1);
    expect(count(h.db, 'SELECT count(*) FROM caption_jobs')).toBe(1);
    // The full-text index merged in steps of its own meanwhile, and merges as it writes again after.
    expect(partial.every((s) => s.automerge === 0)).toBe(true);
    expect(searchIndexAutomerge(h.db)).toBe(4);
    h.db.prepare("INSERT INTO photos_fts (photos_fts) VALUES ('integrity-check')").run();
    // Every file's name holds 'jpg': the index finds the one photo left, none of the 20,000 removed.
    expect(count(h.db, "SELECT count(*) FROM photos_fts WHERE photos_fts MATCH 'jpg'")).toBe(1);
  });

  it('merges the search index as it writes again after a quit left its merging paused', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.library.stop();
    h.db.prepare("INSERT INTO photos_fts (photos_fts, rank) VALUES ('automerge', 0)").run();

    const library = await h.restart();
    await library.whenIdle();
    expect(searchIndexAutomerge(h.db)).toBe(4);
  });

  it('finishes a removal that a quit cut short at the next start, without scanning the folder again', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(root, 'b.jpg'));
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.library.stop();
    h.db.prepare('UPDATE folders SET removing = 1 WHERE id = ?').run(folder.id);

    const library = await h.restart();
    expect(library.listFolders()).toEqual([]);
    await library.whenIdle();
    expect(h.imaging.probes).toEqual([]);
    expect(count(h.db, 'SELECT count(*) FROM folders')).toBe(0);
    expect(count(h.db, 'SELECT count(*) FROM files')).toBe(0);
    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(0);
  });
});

describe('a catch-up over a folder already catalogued', () => {
  it('says it is checking for changes, knows how many files to expect, and reads only what changed', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(root, 'sub', 'b.jpg'));
    const firstProgress: ScanProgress[] = [];
    const unsubscribe = h.events.subscribe((name, payload) => {
      if (name === 'scan.progress') firstProgress.push(payload as ScanProgress);
    });
    await h.library.addFolder(root);
    await h.library.whenIdle();
    unsubscribe();
    expect(firstProgress.at(-1)).toMatchObject({ phase: 'done', checking: false, filesExpected: 2 });
    await h.library.stop();

    rmSync(join(root, 'sub', 'b.jpg'));
    copyCorpus(C, join(root, 'c.jpg'));
    const progress: ScanProgress[] = [];
    const folders: Folder[][] = [];
    h.events.subscribe((name, payload) => {
      if (name === 'scan.progress') progress.push(payload as ScanProgress);
      if (name === 'folders.changed') folders.push(payload as Folder[]);
    });
    const library = await h.restart();
    await library.whenIdle();
    expect(folders.some((list) => list[0]?.state === 'scanning' && list[0].checking === true)).toBe(true);
    expect(progress[0]).toMatchObject({ phase: 'scanning', checking: true, filesExpected: 2 });
    expect(h.imaging.probes).toEqual([join(root, 'c.jpg')]);
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', checking: false, photoCount: 2 });
  });
});

describe('a catch-up over many unchanged files', () => {
  it('hashes none of them, reads the one that changed, and keeps an unreadable file unreadable', async () => {
    const hashed: string[] = [];
    h = makeHarness({
      library: {
        hashFile: async (path) => {
          hashed.push(path);
          return hashFile(path);
        },
      },
    });
    const root = join(h.dir, 'lib');
    // More than one batch of a listing in one folder, and files in subfolders.
    for (let i = 0; i < 600; i++) copyCorpus(A, join(root, 'flat', `a${i}.jpg`));
    copyCorpus(B, join(root, 'sub', 'b.jpg'));
    copyCorpus(C, join(root, 'sub', 'deeper', 'c.jpg'));
    writeFileSync(join(root, 'broken.jpg'), 'not a photo');
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(hashed.length).toBeGreaterThanOrEqual(602);
    expect(h.library.listFolders()[0]).toMatchObject({ photoCount: 3, unreadableCount: 1 });
    await h.library.stop();

    hashed.length = 0;
    const changed = join(root, 'sub', 'b.jpg');
    copyCorpus(C, changed);
    const library = await h.restart();
    await library.whenIdle();
    // Its new bytes are photo C's, already catalogued: hashed to find that, never decoded again.
    expect(hashed).toEqual([changed]);
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 2, unreadableCount: 1 });
  });
});

describe('the end of a catch-up', () => {
  it('forgets, page by page, thousands of files deleted while Shoebox was closed, and keeps the rest', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.library.stop();
    fillFolder(h, folder.id, root, 5_000);
    const library = await h.restart();
    await library.whenIdle();
    expect(count(h.db, 'SELECT count(*) FROM files')).toBe(1);
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 1 });
  });
});

describe('folder counts', () => {
  it('follow every write: a file added, a subfolder forgotten, a file unreadable', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(root, 'sub', 'b.jpg'));
    copyCorpus('broken/zero-bytes.jpg', join(root, 'empty.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(h.library.listFolders()[0]).toMatchObject({ photoCount: 2, unreadableCount: 1 });
    rmSync(join(root, 'sub'), { recursive: true });
    rmSync(join(root, 'empty.jpg'));
    await h.library.rescan(h.library.listFolders()[0]!.id);
    expect(h.library.listFolders()[0]).toMatchObject({ photoCount: 1, unreadableCount: 0 });
  });

  it('a path range covers names past U+FFFF and nothing beside the folder', () => {
    const [from, to] = prefixRange('/photos/trip/');
    const inside = ['/photos/trip/a.jpg', '/photos/trip/\u{1F600}.jpg', '/photos/trip/\uffff\u{1F600}'];
    const outside = ['/photos/trip.jpg', '/photos/trip0/a.jpg', '/photos/tris/a.jpg', '/photos/trip'];
    const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    for (const path of inside) expect(byBytes(path, from) >= 0 && byBytes(path, to) < 0).toBe(true);
    for (const path of outside) expect(byBytes(path, from) >= 0 && byBytes(path, to) < 0).toBe(false);
  });
});
