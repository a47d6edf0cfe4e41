// Folders a tester attacked Shoebox with (issue 11): system trees, the data folder, relative paths, symlinks
// and trees far larger than a photo library.
import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/contract';
import { copyCorpus, count, makeHarness, waitFor, type Harness } from '../../../test/support/libraryHarness';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const C = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

function photos(): number {
  return count(h.db, 'SELECT count(*) FROM photos');
}
function paths(): string[] {
  return h.db.prepare('SELECT path FROM files ORDER BY path').pluck().all() as string[];
}

async function refusal(path: string): Promise<string> {
  const error = await h.library.addFolder(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).message;
}

describe('folders Shoebox refuses', () => {
  it('refuses the root, system and virtual trees, also through a symlink, before reading anything', async () => {
    h = makeHarness();
    expect(await refusal('/')).toMatch(/root of a whole disk/);
    expect(await refusal('/proc')).toMatch(/operating system/);
    expect(await refusal('/sys/kernel')).toMatch(/operating system/);
    expect(await refusal('/dev/shm')).toMatch(/operating system/);
    expect(await refusal('/usr/share')).toMatch(/operating system/);
    // /proc/self/root is the whole filesystem again: judged by where it really is.
    expect(await refusal('/proc/self/root')).toMatch(/root of a whole disk/);
    const link = join(h.dir, 'link-to-proc');
    symlinkSync('/proc', link);
    expect(await refusal(link)).toMatch(/operating system/);
    expect(h.library.listFolders()).toEqual([]);
    expect(h.imaging.probes).toEqual([]);
  });

  it('refuses a relative path instead of resolving it against the working directory', async () => {
    h = makeHarness();
    expect(await refusal('Photos')).toMatch(/full path.*relative/);
    expect(await refusal('./Photos')).toMatch(/relative/);
    expect(await refusal('~/Pictures')).toMatch(/relative/);
  });

  it('refuses a folder holding the data folder, and one inside it', async () => {
    h = makeHarness({ dataDirIn: join('Photos', 'shoebox-data') });
    const root = join(h.dir, 'Photos');
    const dataDir = join(root, 'shoebox-data');
    mkdirSync(join(dataDir, 'thumbnails'), { recursive: true });
    expect(await refusal(root)).toMatch(/holds Shoebox's own data folder/);
    expect(await refusal(h.dir)).toMatch(/holds Shoebox's own data folder/);
    expect(await refusal(dataDir)).toMatch(/holds Shoebox's own data folder/);
    expect(await refusal(join(dataDir, 'thumbnails'))).toMatch(/inside Shoebox's own data folder/);
    expect(h.library.listFolders()).toEqual([]);
  });

  it('never walks or watches the data folder of a library folder that already holds it', async () => {
    h = makeHarness({ dataDirIn: join('Photos', 'data') });
    const root = join(h.dir, 'Photos');
    const dataDir = join(root, 'data');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(dataDir, 'thumbnails', 'ab', 'thumb.jpg'));
    copyCorpus(C, join(dataDir, 'backups', '2026', 'c.jpg'));
    // As a library from before the rule would have it: the folder is already in the catalogue.
    h.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(root, new Date().toISOString());
    await h.library.start();
    await h.library.whenIdle();
    expect(paths()).toEqual([join(root, 'a.jpg')]);
    expect(h.library.listFolders()[0]!.state).toBe('watching');
    copyCorpus(C, join(dataDir, 'thumbnails', 'cd', 'new.jpg'));
    copyCorpus(C, join(root, 'c.jpg'));
    await waitFor(() => paths().length === 2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await h.library.whenIdle();
    expect(paths()).toEqual([join(root, 'a.jpg'), join(root, 'c.jpg')]);
  });

  it('holds a system folder from an older catalogue to the rules at start: refused, never read', async () => {
    h = makeHarness();
    h.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run('/proc', new Date().toISOString());
    await h.library.start();
    await h.library.whenIdle();
    const [folder] = h.library.listFolders();
    expect(folder).toMatchObject({ state: 'error', error: expect.stringMatching(/operating system/) });
    expect(h.imaging.probes).toEqual([]);
  });
});

describe('symlinks: neither walk nor watcher follows them', () => {
  it('catalogues real files only, and a rescan or restart deletes nothing the watcher found', async () => {
    h = makeHarness();
    const root = join(h.dir, 'Photos');
    const outside = join(h.dir, 'Elsewhere');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(outside, 'b.jpg'));
    copyCorpus(C, join(outside, 'deep', 'c.jpg'));
    symlinkSync(join(outside, 'b.jpg'), join(root, 'link-to-b.jpg'));
    symlinkSync(outside, join(root, 'link-to-elsewhere'));
    symlinkSync(root, join(root, 'loop'));
    symlinkSync('/', join(root, 'whole-disk'));
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(paths()).toEqual([join(root, 'a.jpg')]);

    // A symlink made while watching is not catalogued either (it used to be, then deleted by the next scan).
    symlinkSync(join(outside, 'deep', 'c.jpg'), join(root, 'late-link.jpg'));
    mkdirSync(join(root, 'real'));
    copyCorpus(C, join(root, 'real', 'c.jpg'));
    await waitFor(() => paths().length === 2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await h.library.whenIdle();
    expect(paths()).toEqual([join(root, 'a.jpg'), join(root, 'real', 'c.jpg')]);

    await h.library.rescan(folder.id);
    expect(paths()).toEqual([join(root, 'a.jpg'), join(root, 'real', 'c.jpg')]);
    const library = await h.restart();
    await library.whenIdle();
    expect(paths()).toEqual([join(root, 'a.jpg'), join(root, 'real', 'c.jpg')]);
    expect(photos()).toBe(2);
  });
});

describe('a tree far larger than a photo library', () => {
  function bigTree(root: string): void {
    copyCorpus(A, join(root, 'a.jpg'));
    for (let i = 0; i < 12; i++) mkdirSync(join(root, `dir-${i}`, 'sub'), { recursive: true });
    writeFileSync(join(root, 'dir-0', 'sub', 'notes.txt'), 'x');
  }

  it('waits for a yes before watching it, reads nothing meanwhile, and keeps the yes across restarts', async () => {
    h = makeHarness({ library: { largeTree: { entries: 1000, folders: 10 } } });
    const root = join(h.dir, 'Photos');
    bigTree(root);
    const folder = await h.library.addFolder(root);
    await waitFor(() => h.library.listFolders()[0]?.largeTree != null);
    const [waiting] = h.library.listFolders();
    expect(waiting).toMatchObject({ state: 'scanning', largeTree: { folders: 11 } });
    expect(waiting!.warning).toMatch(/far more than a photo library/);
    expect(h.imaging.probes).toEqual([]);

    h.library.continueScan(folder.id);
    await h.library.whenIdle();
    expect(h.library.listFolders()[0]).toMatchObject({ state: 'watching', largeTree: null, photoCount: 1 });

    const library = await h.restart();
    await library.whenIdle();
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', largeTree: null });
  });

  it('stops when the user says no, without forgetting anything, and a rescan asks again', async () => {
    h = makeHarness({ library: { largeTree: { entries: 1000, folders: 10 } } });
    const root = join(h.dir, 'Photos');
    bigTree(root);
    const folder = await h.library.addFolder(root);
    await waitFor(() => h.library.listFolders()[0]?.largeTree != null);
    h.library.stopScan(folder.id);
    await h.library.whenIdle();
    expect(h.library.listFolders()[0]).toMatchObject({ state: 'stopped', largeTree: null });
    expect(h.library.listFolders()[0]!.error).toMatch(/Scan stopped/);
    expect(photos()).toBe(0);
    void h.library.rescan(folder.id);
    await waitFor(() => h.library.listFolders()[0]?.largeTree != null);
    h.library.stopScan(folder.id);
    await h.library.whenIdle();
  });

  it('lets the library stop at once while a huge tree waits for an answer', async () => {
    h = makeHarness({ library: { largeTree: { entries: 1000, folders: 10 } } });
    const root = join(h.dir, 'Photos');
    bigTree(root);
    await h.library.addFolder(root);
    await waitFor(() => h.library.listFolders()[0]?.largeTree != null);
    await h.library.stop();
    expect(h.imaging.probes).toEqual([]);
  });

  it('lets the user stop an ordinary scan midway; what was catalogued stays', async () => {
    h = makeHarness();
    const root = join(h.dir, 'Photos');
    // Distinct bytes (a trailer after the image) so each file is a photo of its own.
    for (let i = 0; i < 100; i++)
      appendFileSync(copyCorpus(i % 2 ? A : B, join(root, `p-${i}.jpg`)), `#${i}`);
    const folder = await h.library.addFolder(root);
    await waitFor(() => h.imaging.probes.length > 0 || photos() > 0, 8000);
    h.library.stopScan(folder.id);
    await h.library.whenIdle();
    const [stopped] = h.library.listFolders();
    expect(stopped!.state).toBe('stopped');
    expect(count(h.db, 'SELECT count(*) FROM files')).toBeLessThan(100);
    expect(photos()).toBeGreaterThan(0);
  });
});
