import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/contract';
import type { ScanProgress } from '../../../shared/types';
import { copyCorpus, count, makeHarness, waitFor, type Harness } from '../../../test/support/libraryHarness';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const C = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';
const PNG = 'photos/document_scanned-book-page_grayscale.png';

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

function photos(): number {
  return count(h.db, 'SELECT count(*) FROM photos');
}
function jobs(): number {
  return count(h.db, 'SELECT count(*) FROM caption_jobs');
}
function photoIdAt(path: string): number | null | undefined {
  return h.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path) as
    number | null | undefined;
}

describe('library scan', () => {
  it('finds images in nested folders and skips hidden, system and non-image files', async () => {
    h = makeHarness();
    const root = join(h.dir, 'Photos');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(root, 'Holiday 2019', 'b.JPG'));
    copyCorpus(PNG, join(root, 'deep', 'er', 'page.png'));
    copyCorpus(C, join(root, '.hidden', 'c.jpg'));
    copyCorpus(C, join(root, '@eaDir', 'c.jpg'));
    copyCorpus(C, join(root, '#recycle', 'c.jpg'));
    copyCorpus(C, join(root, '.dot.jpg'));
    writeFileSync(join(root, 'notes.txt'), 'not a photo');
    const progress: ScanProgress[] = [];
    h.events.subscribe((name, payload) => {
      if (name === 'scan.progress') progress.push(payload as ScanProgress);
    });

    const folder = await h.library.addFolder(root);
    expect(folder.state).toBe('scanning');
    await h.library.whenIdle();

    expect(photos()).toBe(3);
    expect(jobs()).toBe(3);
    expect(count(h.db, `SELECT count(*) FROM caption_jobs WHERE state = 'queued'`)).toBe(3);
    expect(h.imaging.probes).toHaveLength(3);
    expect(h.jobsSignalled()).toBeGreaterThan(0);
    const [listed] = h.library.listFolders();
    expect(listed).toMatchObject({
      id: folder.id,
      path: root,
      photoCount: 3,
      unreadableCount: 0,
      state: 'watching',
    });
    expect(progress.at(-1)).toMatchObject({
      folderId: folder.id,
      phase: 'done',
      filesSeen: 3,
      filesIngested: 3,
    });
    const page = h.db.prepare(`SELECT format, width, height FROM photos WHERE format = 'png'`).get();
    expect(page).toEqual({ format: 'png', width: 384, height: 191 });
    // the folder name is searchable through the triggers
    expect(count(h.db, `SELECT count(*) FROM photos_fts WHERE photos_fts MATCH 'holiday'`)).toBe(1);
  });

  it('makes one photo and one job for duplicate copies', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'one.jpg'));
    copyCorpus(A, join(root, 'copies', 'two.jpg'));
    copyCorpus(A, join(root, 'copies', 'three.jpeg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(photos()).toBe(1);
    expect(jobs()).toBe(1);
    expect(count(h.db, 'SELECT count(*) FROM files WHERE photo_id IS NOT NULL')).toBe(3);
    expect(h.library.listFolders()[0]?.photoCount).toBe(1);
  });

  it('records broken files as unreadable with a reason and keeps going', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus('broken/zero-bytes.jpg', join(root, 'empty.jpg'));
    copyCorpus('broken/text-file-with-jpg-extension.jpg', join(root, 'text.jpg'));
    copyCorpus(A, join(root, 'good.jpg'));
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();

    expect(photos()).toBe(1);
    expect(jobs()).toBe(1);
    const unreadable = h.library.listUnreadable(folder.id);
    expect(unreadable.map((u) => u.path).sort()).toEqual([join(root, 'empty.jpg'), join(root, 'text.jpg')]);
    for (const u of unreadable) {
      expect(u.folderId).toBe(folder.id);
      expect(u.reason.length).toBeGreaterThan(5);
    }
    expect(h.library.listUnreadable()).toHaveLength(2);
    expect(h.library.listFolders()[0]).toMatchObject({ photoCount: 1, unreadableCount: 2 });
  });

  it('on restart, skips unchanged files and catches up with added and deleted ones', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(root, 'b.jpg'));
    copyCorpus('broken/zero-bytes.jpg', join(root, 'empty.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(h.imaging.probes).toHaveLength(3);
    await h.library.stop();

    copyCorpus(C, join(root, 'c.jpg'));
    rmSync(join(root, 'b.jpg'));
    const library = await h.restart();
    await library.whenIdle();

    expect(h.imaging.probes).toEqual([join(root, 'c.jpg')]);
    expect(photoIdAt(join(root, 'b.jpg'))).toBeUndefined();
    expect(photoIdAt(join(root, 'c.jpg'))).toEqual(expect.any(Number));
    expect(jobs()).toBe(3); // b's photo waits out its grace period, c got a job
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 2, unreadableCount: 1 });
  });

  it('marks a folder whose root is missing and recovers on rescan', async () => {
    h = makeHarness();
    const root = join(h.dir, 'usb');
    copyCorpus(A, join(root, 'a.jpg'));
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.library.stop();
    renameSync(root, join(h.dir, 'usb-unplugged'));

    const library = await h.restart();
    await library.whenIdle();
    expect(library.listFolders()[0]).toMatchObject({ state: 'missing', error: expect.any(String) });
    // nothing is forgotten while the drive is away
    expect(photoIdAt(join(root, 'a.jpg'))).toEqual(expect.any(Number));

    renameSync(join(h.dir, 'usb-unplugged'), root);
    await library.rescan(folder.id);
    await library.whenIdle();
    expect(library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 1, error: null });
    expect(h.imaging.probes).toHaveLength(0);
  });
});

describe('library safety', () => {
  it('treats an emptied root (unmounted drive) as missing and forgets nothing', async () => {
    h = makeHarness();
    const root = join(h.dir, 'mnt');
    const path = copyCorpus(A, join(root, 'a.jpg'));
    const folder = await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.library.stop();
    rmSync(path);

    const library = await h.restart();
    await library.whenIdle();
    expect(library.listFolders()[0]).toMatchObject({ state: 'missing' });
    expect(photoIdAt(path)).toEqual(expect.any(Number));
    expect(() => library.rescan(folder.id + 100)).toThrow(UserError);
  });

  it('stops cleanly in the middle of a scan', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    for (let i = 0; i < 6; i++) copyCorpus(i % 2 ? A : B, join(root, `p${i}.jpg`));
    await h.library.addFolder(root);
    await h.library.stop();
    await h.library.whenIdle();
    expect(h.library.listFolders()).toHaveLength(1);
    expect(photos()).toBeLessThanOrEqual(2);
  });

  it('decodes two copies of one new photo only once', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    copyCorpus(C, join(root, 'x.jpg'));
    copyCorpus(C, join(root, 'y.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(h.imaging.probes).toHaveLength(1);
    expect(photos()).toBe(1);
    expect(count(h.db, 'SELECT count(*) FROM files WHERE photo_id IS NOT NULL')).toBe(2);
  });
});

describe('library folders', () => {
  it('refuses bad paths with a clear UserError', async () => {
    h = makeHarness();
    const root = join(h.dir, 'lib');
    mkdirSync(join(root, 'inner'), { recursive: true });
    writeFileSync(join(h.dir, 'file.jpg'), 'x');
    await expect(h.library.addFolder(join(h.dir, 'nope'))).rejects.toThrow(/does not exist/);
    await expect(h.library.addFolder(join(h.dir, 'file.jpg'))).rejects.toThrow(/not a folder/);
    await h.library.addFolder(root);
    await expect(h.library.addFolder(root + '/')).rejects.toThrow(UserError);
    await expect(h.library.addFolder(join(root, 'inner'))).rejects.toThrow(/inside/);
    await expect(h.library.addFolder(h.dir)).rejects.toThrow(/contains/);
    await expect(h.library.removeFolder(999)).rejects.toThrow(UserError);
    await h.library.whenIdle();
  });

  it('removing a folder forgets its files and the photos only it held, with their jobs', async () => {
    h = makeHarness();
    const one = join(h.dir, 'one');
    const two = join(h.dir, 'two');
    copyCorpus(A, join(one, 'a.jpg'));
    copyCorpus(B, join(one, 'b.jpg'));
    copyCorpus(A, join(two, 'a-copy.jpg'));
    const first = await h.library.addFolder(one);
    await h.library.addFolder(two);
    await h.library.whenIdle();
    expect(photos()).toBe(2);

    await h.library.removeFolder(first.id);
    expect(photos()).toBe(1);
    expect(jobs()).toBe(1);
    expect(count(h.db, 'SELECT count(*) FROM files')).toBe(1);
    expect(h.library.listFolders().map((f) => f.path)).toEqual([two]);
  });
});

describe('library watcher', () => {
  it('ingests a copied-in file, forgets a deleted one and drops the orphan after the grace period', async () => {
    h = makeHarness({ writeFinishMs: 150, orphanGraceMs: 300 });
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();

    const seen: string[] = [];
    h.events.subscribe((name) => seen.push(name));
    const added = copyCorpus(C, join(root, 'new', 'c.jpg'));
    copyCorpus(C, join(root, '.hidden', 'c.jpg'));
    await waitFor(() => typeof photoIdAt(added) === 'number');
    await h.library.whenIdle();
    expect(photos()).toBe(2);
    expect(jobs()).toBe(2);
    expect(photoIdAt(join(root, '.hidden', 'c.jpg'))).toBeUndefined();
    await waitFor(() => seen.includes('photos.changed') && seen.includes('folders.changed'));

    rmSync(added);
    await waitFor(() => photoIdAt(added) === undefined);
    await waitFor(() => photos() === 1);
    expect(jobs()).toBe(1);
  });

  it('keeps the photo, its caption and no new job when a file is moved or renamed', async () => {
    h = makeHarness({ writeFinishMs: 150, orphanGraceMs: 30_000 });
    const one = join(h.dir, 'one');
    const two = join(h.dir, 'two');
    const original = copyCorpus(A, join(one, 'a.jpg'));
    mkdirSync(two);
    await h.library.addFolder(one);
    await h.library.addFolder(two);
    await h.library.whenIdle();
    const id = photoIdAt(original);
    expect(id).toEqual(expect.any(Number));
    // pretend the caption queue finished this photo
    h.db.prepare(`UPDATE photos SET caption = 'a camera', caption_status = 'done' WHERE id = ?`).run(id);
    h.db.prepare('DELETE FROM caption_jobs').run();
    const signals = h.jobsSignalled();

    const renamed = join(one, 'sub', 'renamed.jpg');
    mkdirSync(join(one, 'sub'));
    renameSync(original, renamed);
    await waitFor(() => photoIdAt(renamed) === id && photoIdAt(original) === undefined);

    const moved = join(two, 'moved.jpg');
    renameSync(renamed, moved);
    await waitFor(() => photoIdAt(moved) === id && photoIdAt(renamed) === undefined);
    await h.library.whenIdle();

    expect(h.db.prepare('SELECT caption, caption_status FROM photos WHERE id = ?').get(id)).toEqual({
      caption: 'a camera',
      caption_status: 'done',
    });
    expect(jobs()).toBe(0);
    expect(h.jobsSignalled()).toBe(signals);
    expect(h.imaging.probes).toHaveLength(1);
    expect(h.library.listFolders().map((f) => f.photoCount)).toEqual([0, 1]);
  });

  it('re-hashes a changed file and points it at the new photo', async () => {
    h = makeHarness({ writeFinishMs: 150, orphanGraceMs: 300 });
    const root = join(h.dir, 'lib');
    const path = copyCorpus(A, join(root, 'a.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    const before = photoIdAt(path);

    copyCorpus(B, path);
    await waitFor(() => photoIdAt(path) !== before);
    await waitFor(() => photos() === 1);
    expect(jobs()).toBe(1);
  });
});
