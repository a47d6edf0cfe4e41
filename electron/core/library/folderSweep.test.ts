// The watch's safety net: what a watcher lost without a word (an inotify queue overflow, a folder past the
// system's limit on watches) is found by a look at the folders' mtimes, and nothing unchanged is read again.
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLog } from '../log';
import { createFolderSweep, type FolderSweep, type SweepHandlers } from './folderSweep';
import { hashFile } from './hashFile';
import { mtimeOf } from './walk';
import type { FolderWatchEvents, WatchFolder } from './index';
import { copyCorpus, count, makeHarness, waitFor, type Harness } from '../../../test/support/libraryHarness';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const C = 'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg';
const D = 'photos/animal_squirrel-on-branch.jpg';

/** A watcher that takes the tree in and then reports nothing, as one whose events were all lost. */
const deafWatcher: WatchFolder = () => ({ ready: Promise.resolve(), close: async () => undefined });

/** Looks often and at once: a test need not wait out the app's minutes. */
const OFTEN = { intervalMs: 150, quietMs: 0 };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function harness(options: Parameters<typeof makeHarness>[0] = {}): Harness {
  const h = makeHarness(options);
  cleanups.push(() => h.cleanup());
  return h;
}

function paths(h: Harness): string[] {
  return (h.db.prepare('SELECT path FROM files ORDER BY path').pluck().all() as string[]).map((p) =>
    p.slice(h.dir.length + 1),
  );
}

describe('the safety net under a watcher that misses changes', () => {
  it('finds photos copied in, deleted, and folders created and removed while no event came', async () => {
    const h = harness({ library: { watchFolder: deafWatcher, sweep: OFTEN } });
    const root = join(h.dir, 'Photos');
    copyCorpus(A, join(root, 'a.jpg'));
    copyCorpus(B, join(root, 'trip', 'b.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(paths(h)).toEqual(['Photos/a.jpg', 'Photos/trip/b.jpg']);

    copyCorpus(C, join(root, 'trip', 'c.jpg'));
    rmSync(join(root, 'a.jpg'));
    copyCorpus(D, join(root, 'new', 'deeper', 'd.jpg'));
    await waitFor(() => paths(h).join() === 'Photos/new/deeper/d.jpg,Photos/trip/b.jpg,Photos/trip/c.jpg');

    rmSync(join(root, 'trip'), { recursive: true });
    // The new folders were taken in by the look that found them: a change inside them is seen too.
    copyCorpus(A, join(root, 'new', 'deeper', 'a-again.jpg'));
    await waitFor(() => paths(h).join() === 'Photos/new/deeper/a-again.jpg,Photos/new/deeper/d.jpg');
    expect(h.library.listFolders()[0]).toMatchObject({ state: 'watching', photoCount: 2 });
  });

  it('reads nothing again where nothing changed, after a catch-up as after a first scan', async () => {
    const hashed: string[] = [];
    const countHashes = async (path: string) => {
      hashed.push(path);
      return hashFile(path);
    };
    const h = harness({ library: { watchFolder: deafWatcher, sweep: OFTEN, hashFile: countHashes } });
    const root = join(h.dir, 'Photos');
    copyCorpus(A, join(root, '2024', 'a.jpg'));
    copyCorpus(B, join(root, '2025', 'b.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    await h.restart();
    await h.library.whenCaughtUp();
    expect(hashed).toHaveLength(2);

    // Several looks go by over the unchanged tree; then one photo arrives in one folder.
    await new Promise((resolve) => setTimeout(resolve, OFTEN.intervalMs * 4));
    const late = copyCorpus(C, join(root, '2025', 'c.jpg'));
    await waitFor(() => paths(h).includes('Photos/2025/c.jpg'));
    await h.library.whenIdle();
    expect(hashed.slice(2)).toEqual([late]);
    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(3);
  });

  it('tells the user when the watcher fails, and still finds what arrives', async () => {
    const failing: WatchFolder = (_root, _rules, events: FolderWatchEvents) => {
      setTimeout(() => {
        events.error(new Error("inotify_add_watch on '/x' failed: No space left on device"));
        events.error(new Error('a second failure is not told again'));
      }, 0);
      return { ready: Promise.resolve(), close: async () => undefined };
    };
    const h = harness({ library: { watchFolder: failing, sweep: OFTEN } });
    const root = join(h.dir, 'Photos');
    copyCorpus(A, join(root, 'a.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    await waitFor(() => h.library.listFolders()[0]?.warning != null);
    expect(h.library.listFolders()[0]!.warning).toBe(
      "Changes here may not be seen as they happen (the system's limit on watched folders is reached (on Linux, fs.inotify.max_user_watches)): Shoebox looks for them every minute instead.",
    );
    copyCorpus(B, join(root, 'b.jpg'));
    await waitFor(() => paths(h).join() === 'Photos/a.jpg,Photos/b.jpg');
  });
});

describe('the folder sweep', () => {
  function tree(): string {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-sweep-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  function recording(): SweepHandlers & { rechecked: string[]; forgotten: string[]; rootsGone: number[] } {
    const handlers = {
      rechecked: [] as string[],
      forgotten: [] as string[],
      rootsGone: [] as number[],
      recheck: async (_folderId: number, dir: string) => {
        handlers.rechecked.push(dir);
        return { listed: new Map([[dir, mtimeOf(dir)]]), found: 0, failedDirs: [] };
      },
      forgetDir: (_folderId: number, dir: string) => (handlers.forgotten.push(dir), 0),
      rootGone: (folderId: number) => void handlers.rootsGone.push(folderId),
      log: silentLog,
    };
    return handlers;
  }

  function sweepOf(handlers: SweepHandlers, quietMs: number): FolderSweep {
    const sweep = createFolderSweep(handlers, { intervalMs: 3_600_000, quietMs });
    cleanups.push(() => sweep.stop());
    return sweep;
  }

  it('leaves a folder that changed a moment ago to its watcher, and looks once it is quiet', async () => {
    const root = tree();
    const busy = join(root, 'busy');
    const quiet = join(root, 'quiet');
    const ahead = join(root, 'ahead');
    for (const dir of [busy, quiet, ahead]) mkdirSync(dir);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(quiet, hourAgo, hourAgo);
    // A clock set wrong on the machine that wrote it: a time ahead does not hold the look back.
    const hourAhead = new Date(Date.now() + 3_600_000);
    utimesSync(ahead, hourAhead, hourAhead);
    const handlers = recording();
    const sweep = sweepOf(handlers, 60_000);
    // Times that differ from each folder's own, as after a change since the walk.
    sweep.watch(1, root, new Map([root, busy, quiet, ahead].map((dir) => [dir, 1])));
    await sweep.sweep();
    expect(handlers.rechecked.sort()).toEqual([ahead, quiet].sort());

    // Once looked at, a folder is not looked at again until it moves.
    handlers.rechecked.length = 0;
    await sweep.sweep();
    expect(handlers.rechecked).toEqual([]);
  });

  it('looks again on its own once a folder that was still changing has been quiet', async () => {
    const root = tree();
    const busy = join(root, 'busy');
    mkdirSync(busy);
    const handlers = recording();
    const sweep = sweepOf(handlers, 200);
    sweep.watch(1, root, new Map([[busy, 1]]));
    await sweep.sweep();
    expect(handlers.rechecked).toEqual([]);
    await waitFor(() => handlers.rechecked.length > 0, 5000);
    expect(handlers.rechecked).toEqual([busy]);
  });

  it('forgets the outermost of the folders gone, and hands a gone root to the library', async () => {
    const root = tree();
    const kept = join(root, 'kept');
    const gone = join(root, 'gone');
    const inside = join(gone, 'inside');
    mkdirSync(kept);
    mkdirSync(inside, { recursive: true });
    const handlers = recording();
    const sweep = sweepOf(handlers, 0);
    sweep.watch(7, root, new Map([root, kept, gone, inside].map((dir) => [dir, 0])));
    rmSync(gone, { recursive: true });
    await sweep.sweep();
    expect(handlers.forgotten).toEqual([gone]);

    rmSync(root, { recursive: true });
    await sweep.sweep();
    expect(handlers.rootsGone).toEqual([7]);
    // A gone root is handed over once: the library stops watching it.
    await sweep.sweep();
    expect(handlers.rootsGone).toEqual([7]);
  });
});
