// A restart over a catalogued folder: what changed while Shoebox was closed is read again, nothing else is.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  copyCorpus,
  CORPUS,
  count,
  makeHarness,
  waitFor as waitUntil,
  type Harness,
} from '../../../test/support/libraryHarness';
import { createCatalogueStore } from './catalogueStore';
import { hashFile } from './hashFile';
import { turnsDuring } from '../../../test/support/turnsDuring';
import { readKnownFiles } from './knownFiles';
import { watchWithChokidar } from './watcher';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const C = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';
const D = 'photos/animal_squirrel-on-branch.jpg';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A harness whose every hash is noted, so a test can tell which files were read again. */
function hashCountingHarness(): { harness: Harness; hashed: string[] } {
  const hashed: string[] = [];
  const harness = makeHarness({
    library: {
      hashFile: async (path) => {
        hashed.push(path);
        return hashFile(path);
      },
    },
  });
  return { harness, hashed };
}

/** The catalogue's record of a location: its size, mtime and the hash of the photo it shows. */
function recorded(harness: Harness, path: string) {
  return harness.db
    .prepare(
      `SELECT f.size, f.mtime_ms AS mtimeMs, p.hash FROM files f JOIN photos p ON p.id = f.photo_id
       WHERE f.path = ?`,
    )
    .get(path) as { size: number; mtimeMs: number; hash: string } | undefined;
}

describe('a catch-up after a restart', () => {
  it('reads again a file of the same size with a new mtime and one of the same mtime with a new size', async () => {
    const { harness, hashed } = hashCountingHarness();
    h = harness;
    const root = join(h.dir, 'lib');
    for (let i = 0; i < 40; i++) copyCorpus(A, join(root, `d${i % 4}`, `a${i}.jpg`));
    const touched = copyCorpus(B, join(root, 'touched.jpg'));
    const regrown = copyCorpus(C, join(root, 'sub', 'regrown.jpg'));
    // A whole-millisecond mtime, so setting it back later gives exactly the same one.
    const mtime = new Date('2021-06-01T12:00:00.123Z');
    utimesSync(regrown, mtime, mtime);
    const gone = copyCorpus(C, join(root, 'sub', 'gone.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.library.stop();

    // Same bytes and size, a new mtime (a tool that touched it); new bytes of another size under the old mtime
    // (a tool that keeps the date); a file deleted.
    const before = statSync(touched);
    utimesSync(touched, before.atime, new Date(before.mtimeMs + 3_600_000));
    const old = statSync(regrown);
    writeFileSync(regrown, readFileSync(join(CORPUS, D)));
    utimesSync(regrown, mtime, mtime);
    expect(statSync(regrown).size).not.toBe(old.size);
    expect(statSync(regrown).mtimeMs).toBe(old.mtimeMs);
    rmSync(gone);
    hashed.length = 0;

    const library = await h.restart();
    await library.whenIdle();
    expect(hashed.sort()).toEqual([regrown, touched].sort());
    expect(recorded(h, touched)).toEqual({
      size: before.size,
      mtimeMs: Math.floor(before.mtimeMs + 3_600_000),
      hash: sha256(touched),
    });
    expect(recorded(h, regrown)).toEqual({
      size: statSync(regrown).size,
      mtimeMs: Math.floor(old.mtimeMs),
      hash: sha256(join(CORPUS, D)),
    });
    // D's bytes are a photo new to the catalogue: decoded once; the touched file's bytes were known.
    expect(h.imaging.probes).toEqual([regrown]);
    expect(recorded(h, gone)).toBeUndefined();
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 3 });
  });

  it('over an unchanged tree hashes nothing, decodes nothing and forgets nothing', async () => {
    const { harness, hashed } = hashCountingHarness();
    h = harness;
    const root = join(h.dir, 'lib');
    for (let i = 0; i < 600; i++) copyCorpus(A, join(root, 'flat', `a${i}.jpg`));
    copyCorpus(B, join(root, 'sub', 'b.jpg'));
    copyCorpus(C, join(root, 'sub', 'deeper', 'c.jpg'));
    writeFileSync(join(root, 'broken.jpg'), 'not a photo');
    await h.library.addFolder(root);
    await h.library.whenIdle();
    const files = count(h.db, 'SELECT count(*) FROM files');
    hashed.length = 0;

    for (let restart = 0; restart < 2; restart++) {
      const library = await h.restart();
      await library.whenIdle();
      expect(hashed).toEqual([]);
      expect(h.imaging.probes).toEqual([]);
      expect(count(h.db, 'SELECT count(*) FROM files')).toBe(files);
      expect(library.listFolders()[0]).toMatchObject({
        state: 'watching',
        photoCount: 3,
        unreadableCount: 1,
      });
    }
  });
});

describe('a catch-up that walks while its watcher is still starting', () => {
  it('finds a file copied in after the walk listed its folder and before the watcher took the tree in', async () => {
    let armed = false;
    let arrived!: () => void;
    const copiedIn = new Promise<void>((resolve) => (arrived = resolve));
    const paths = { touched: '', late: '' };
    h = makeHarness({
      library: {
        // The touched file is hashed only after its folder was listed: the late one arrives then.
        hashFile: async (path) => {
          if (armed && path === paths.touched) {
            copyCorpus(C, paths.late);
            arrived();
          }
          return hashFile(path);
        },
        // A watcher that reports nothing and is ready only once the late file is in: the worst case, where
        // its crawl had passed the folder too.
        watchFolder: (watchedRoot, rules, events, options) =>
          armed
            ? { ready: copiedIn, close: async () => undefined }
            : watchWithChokidar(watchedRoot, rules, events, options),
      },
    });
    const lib = join(h.dir, 'lib');
    paths.touched = copyCorpus(B, join(lib, 'sub', 'touched.jpg'));
    paths.late = join(lib, 'sub', 'late.jpg');
    for (let i = 0; i < 20; i++) copyCorpus(A, join(lib, 'sub', `a${i}.jpg`));
    await h.library.addFolder(lib);
    await h.library.whenIdle();
    const before = statSync(paths.touched);
    utimesSync(paths.touched, before.atime, new Date(before.mtimeMs + 3_600_000));

    armed = true;
    const library = await h.restart();
    await library.whenIdle();
    expect(recorded(h, paths.late)?.hash).toBe(sha256(paths.late));
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 3 });
  });
});

describe('the end of the catch-up (when background work may start)', () => {
  it('comes once every folder watches again, and not before', async () => {
    h = makeHarness();
    const roots = [join(h.dir, 'one'), join(h.dir, 'two')];
    for (const [i, root] of roots.entries()) {
      for (let j = 0; j < 30; j++) copyCorpus(A, join(root, `d${j % 3}`, `a${i}-${j}.jpg`));
      await h.library.addFolder(root);
    }
    await h.library.whenIdle();

    const library = await h.restart();
    expect(library.listFolders().map((f) => f.state)).toEqual(['scanning', 'scanning']);
    await library.whenCaughtUp();
    expect(library.listFolders().map((f) => f.state)).toEqual(['watching', 'watching']);
  });

  it('does not wait for an answer about a tree far larger than a photo library', async () => {
    h = makeHarness({ library: { largeTree: { entries: 1000, folders: 10 } } });
    const small = join(h.dir, 'small');
    copyCorpus(A, join(small, 'a.jpg'));
    await h.library.addFolder(small);
    const big = join(h.dir, 'big');
    for (let i = 0; i <= 10; i++) writeFileSync(join(mkdirp(join(big, `dir-${i}`)), 'notes.txt'), 'x');
    await h.library.addFolder(big);
    await waitUntil(() => {
      const folders = h!.library.listFolders();
      const [smallThen, bigThen] = [small, big].map((path) => folders.find((f) => f.path === path));
      return smallThen?.state === 'watching' && bigThen?.largeTree != null;
    });

    // Restarted before the answer: the big folder asks again, the catch-up of the small one ends all the same.
    const library = await h.restart();
    await library.whenCaughtUp();
    const folders = library.listFolders();
    const [smallNow, bigNow] = [small, big].map((path) => folders.find((f) => f.path === path));
    expect(smallNow).toMatchObject({ state: 'watching', photoCount: 1 });
    expect(bigNow?.state).toBe('scanning');
    expect(bigNow?.largeTree).not.toBeNull();
  });
});

describe('a rescan the user asked for', () => {
  it('hashes no unchanged file, reads every known photo’s own words again and tries an unreadable file again', async () => {
    const wordsRead: string[] = [];
    const hashed: string[] = [];
    h = makeHarness({
      library: {
        hashFile: async (path) => {
          hashed.push(path);
          return hashFile(path);
        },
      },
      imaging: (base) => ({
        ...base,
        readExisting: async (path) => {
          wordsRead.push(path);
          return { caption: null, keywords: [], captionSource: null, keywordSource: null };
        },
      }),
    });
    const root = join(h.dir, 'lib');
    const photos = [copyCorpus(A, join(root, 'a.jpg')), copyCorpus(B, join(root, 'sub', 'b.jpg'))];
    const broken = join(root, 'broken.jpg');
    writeFileSync(broken, 'not a photo');
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();
    hashed.length = 0;
    wordsRead.length = 0;
    h.imaging.probes.length = 0;

    await h.library.rescan(folder.id);
    await h.library.whenIdle();
    expect(hashed).toEqual([broken]);
    expect(h.imaging.probes).toEqual([broken]);
    expect(wordsRead.sort()).toEqual(photos.sort());
    expect(h.library.listFolders()[0]).toMatchObject({
      state: 'watching',
      photoCount: 2,
      unreadableCount: 1,
    });
  });
});

describe('the known files of a folder', () => {
  it('are read page by page with turns of the event loop between, and only the folder’s own', async () => {
    h = makeHarness();
    const db = h.db;
    const folder = (path: string) =>
      Number(db.prepare(`INSERT INTO folders (path, added_at) VALUES (?, 'now')`).run(path).lastInsertRowid);
    const root = join(h.dir, 'lib');
    const [mine, beside, longer] = [folder(root), folder(`${root}-2`), folder(`${root}0`)];
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES (?, ?, ?, 7, NULL, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 12_345; i++)
        file.run(mine, join(root, `d${i % 40}`, `p${i}.jpg`), i, i === 5 ? 'bad' : null);
      file.run(beside, join(`${root}-2`, 'p.jpg'), 1, null);
      file.run(longer, join(`${root}0`, 'p.jpg'), 1, null);
    })();

    const { result: known, turns } = await turnsDuring(() =>
      readKnownFiles(createCatalogueStore(db), mine, root),
    );
    expect(known.size).toBe(12_345);
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(known.get(join(root, 'd5', 'p5.jpg'))).toEqual({
      size: 5,
      mtimeMs: 7,
      unreadable: true,
      photoId: null,
    });
    expect(known.get(join(root, 'd6', 'p6.jpg'))).toEqual({
      size: 6,
      mtimeMs: 7,
      unreadable: false,
      photoId: null,
    });
    expect([...known.keys()].every((path) => path.startsWith(root + sep))).toBe(true);
  });
});
