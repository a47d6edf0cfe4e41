// Both watchers Shoebox ships (chokidar; @parcel/watcher on Linux) deliver the same events to the same code:
// every behaviour here holds for each.
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseWatcher } from './chooseWatcher';
import { loadParcelWatcher } from './parcelWatcher';
import {
  CORPUS,
  copyCorpus,
  count,
  makeHarness,
  waitFor,
  type Harness,
} from '../../../test/support/libraryHarness';
import { watchWithChokidar, type WatchFolder } from './watcher';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const C = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const parcel = chooseWatcher('linux', 'parcel');
const watchers: Array<[string, WatchFolder]> = [['chokidar', watchWithChokidar]];
if (process.platform === 'linux') watchers.push(['parcel', parcel.watch]);

function photoIdAt(path: string): number | null | undefined {
  return h!.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path) as
    number | null | undefined;
}

describe('watcher choice', () => {
  it('loads @parcel/watcher on Linux and picks it there; chokidar elsewhere or when asked', () => {
    if (process.platform === 'linux') {
      expect(loadParcelWatcher()).not.toBeNull();
      expect(chooseWatcher('linux', undefined).name).toBe('parcel');
    }
    expect(chooseWatcher('darwin', undefined).name).toBe('chokidar');
    expect(chooseWatcher('win32', undefined).name).toBe('chokidar');
    expect(chooseWatcher('linux', 'chokidar').name).toBe('chokidar');
  });
});

describe.each(watchers)('the %s watcher', (_name, watchFolder) => {
  async function watched(orphanGraceMs = 300): Promise<{ root: string; harness: Harness }> {
    h = makeHarness({ writeFinishMs: 150, orphanGraceMs, library: { watchFolder } });
    const root = join(h.dir, 'lib');
    copyCorpus(A, join(root, 'a.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    return { root, harness: h };
  }

  it('ingests a copied-in photo, ignores hidden folders, forgets a deleted photo', async () => {
    const { root, harness } = await watched();
    const added = copyCorpus(C, join(root, 'new', 'c.jpg'));
    copyCorpus(B, join(root, '.hidden', 'b.jpg'));
    await waitFor(() => typeof photoIdAt(added) === 'number');
    await harness.library.whenIdle();
    expect(photoIdAt(join(root, '.hidden', 'b.jpg'))).toBeUndefined();
    rmSync(added);
    await waitFor(() => photoIdAt(added) === undefined);
    await waitFor(() => count(harness.db, 'SELECT count(*) FROM photos') === 1);
  });

  it('ingests a photo written under a temporary name and renamed into place, as file managers copy', async () => {
    const { root, harness } = await watched();
    const path = join(root, 'copied.jpg');
    writeFileSync(`${path}.part`, readFileSync(join(CORPUS, C)));
    renameSync(`${path}.part`, path);
    await waitFor(() => typeof photoIdAt(path) === 'number');
    await harness.library.whenIdle();
    expect(photoIdAt(`${path}.part`)).toBeUndefined();
  });

  it('reads a photo written slowly once, whole, after it stops growing', async () => {
    const { root, harness } = await watched();
    const bytes = readFileSync(join(CORPUS, C));
    const path = join(root, 'slow.jpg');
    const step = Math.ceil(bytes.length / 4);
    writeFileSync(path, bytes.subarray(0, step));
    for (let at = step; at < bytes.length; at += step) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      appendFileSync(path, bytes.subarray(at, at + step));
    }
    await waitFor(() => typeof photoIdAt(path) === 'number');
    await harness.library.whenIdle();
    expect(count(harness.db, 'SELECT count(*) FROM files WHERE error IS NOT NULL')).toBe(0);
    expect(harness.imaging.probes.filter((p) => p === path)).toHaveLength(1);
  });

  it('takes in a folder moved into the tree and forgets a folder deleted from it', async () => {
    const { root, harness } = await watched();
    const outside = join(harness.dir, 'card', 'DCIM');
    copyCorpus(B, join(outside, 'b.jpg'));
    copyCorpus(C, join(outside, 'deeper', 'c.jpg'));
    const moved = join(root, 'DCIM');
    renameSync(outside, moved);
    await waitFor(() => typeof photoIdAt(join(moved, 'deeper', 'c.jpg')) === 'number');
    await waitFor(() => typeof photoIdAt(join(moved, 'b.jpg')) === 'number');
    await harness.library.whenIdle();

    rmSync(moved, { recursive: true });
    await waitFor(() => count(harness.db, 'SELECT count(*) FROM files') === 1);
    expect(photoIdAt(join(root, 'a.jpg'))).toEqual(expect.any(Number));
  });

  it('keeps the photo when a file is renamed within the tree', async () => {
    // A grace far longer than the rename takes on a loaded machine: the photo must be found again, not re-made.
    const { root, harness } = await watched(30_000);
    const id = photoIdAt(join(root, 'a.jpg'));
    mkdirSync(join(root, 'sub'));
    renameSync(join(root, 'a.jpg'), join(root, 'sub', 'renamed.jpg'));
    await waitFor(() => photoIdAt(join(root, 'sub', 'renamed.jpg')) === id);
    await waitFor(() => photoIdAt(join(root, 'a.jpg')) === undefined);
    expect(harness.imaging.probes).toHaveLength(1);
  });
});
