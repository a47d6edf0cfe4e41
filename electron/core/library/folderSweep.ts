import type { Log } from '../log';
import { foldersMoved } from './changedFolders';
import { lstatOrNull } from './lstatOrNull';
import { isInside } from './paths';
import type { Recheck } from './recheckFolder';
import { mtimeOf } from './walk';

export interface SweepOptions {
  /** How often (ms) every watched folder is looked at. */
  intervalMs: number;
  /**
   * A folder whose mtime moved less than this long ago (ms) is left to its watcher, which is likely still
   * reporting the change (a copy still running), and looked at again once quiet. A look also follows a second
   * past this after a watcher's event, once per burst: a burst is when a watcher's queue overflows.
   */
  quietMs: number;
}

export const DEFAULT_SWEEP: SweepOptions = { intervalMs: 120_000, quietMs: 10_000 };

export interface SweepHandlers {
  /** Lists `dir` again against the catalogue (subfolders `isKnownFolder` names are left out); null if stopped. */
  recheck(
    folderId: number,
    dir: string,
    isKnownFolder: (path: string) => boolean,
    cancelled: () => boolean,
  ): Promise<Recheck | null>;
  /** A folder below the root that is gone: its files are forgotten; returns how many photos they showed. */
  forgetDir(folderId: number, dir: string): number;
  /** The watched folder itself is gone (an unplugged drive). */
  rootGone(folderId: number): void;
  log: Log;
}

interface Swept {
  root: string;
  /** Every folder of the tree with its mtime when last listed (or last found unreadable). */
  times: Map<string, number>;
}

/**
 * The watch's safety net. A watcher can lose events without a word: Linux drops inotify events when its queue
 * overflows (16,384 by default, which copying a card into a large library can pass) and @parcel/watcher skips
 * the overflow notice; a folder created once the system's limit on watches is reached is not watched at all.
 * So every watched folder's subfolders are looked at every few minutes, and shortly after a burst of events:
 * one whose mtime moved since it was last listed (an entry was added, removed or renamed in it) is listed again
 * and brought in line with the catalogue; one that is gone is forgotten. Costs an lstat per folder, on no file.
 */
export interface FolderSweep {
  /** Starts looking at `root` (just walked): `listed` is the walk's folders with their mtimes. */
  watch(folderId: number, root: string, listed: Map<string, number>): void;
  /** The folder is no longer watched (removed, missing, being scanned again). */
  forget(folderId: number): void;
  /** Looks again after a stop (a new library start); until the first stop it looks from the first watch. */
  start(): void;
  stop(): Promise<void>;
  /** A watcher reported something: look once the burst it may belong to has settled. */
  nudge(): void;
  /** Looks at every watched folder now (one look at a time); resolves when it is done. */
  sweep(): Promise<void>;
}

export function createFolderSweep(handlers: SweepHandlers, options: SweepOptions): FolderSweep {
  const folders = new Map<number, Swept>();
  let interval: NodeJS.Timeout | null = null;
  let soon: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function keepTime(): void {
    if (interval || stopped) return;
    interval = setInterval(sweepInBackground, options.intervalMs);
    interval.unref();
  }

  function sweep(): Promise<void> {
    running ??= sweepAll().finally(() => (running = null));
    return running;
  }

  function sweepInBackground(): void {
    if (stopped) return;
    void sweep().catch((error: unknown) =>
      handlers.log.error('could not look for changes in a watched folder', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  async function sweepAll(): Promise<void> {
    let settling = false;
    for (const [folderId, swept] of [...folders]) {
      if (stopped) return;
      if (folders.get(folderId) === swept) settling = (await sweepFolder(folderId, swept)) || settling;
    }
    // A folder still changing is looked at again once it has been quiet, not minutes later.
    if (settling) lookSoon();
  }

  function lookSoon(): void {
    if (soon || stopped) return;
    soon = setTimeout(() => {
      soon = null;
      sweepInBackground();
    }, options.quietMs + 1000);
    soon.unref();
  }

  /** Returns true when a folder that changed was left for later, still settling. */
  async function sweepFolder(folderId: number, swept: Swept): Promise<boolean> {
    const current = () => !stopped && folders.get(folderId) === swept;
    if (!lstatOrNull(swept.root)?.isDirectory()) {
      folders.delete(folderId);
      handlers.rootGone(folderId);
      return false;
    }
    const { moved, gone, settling } = await foldersMoved(swept.times, options.quietMs, current);
    if (!current()) return false;
    let found = 0;
    for (const dir of gone) swept.times.delete(dir);
    // Outermost only: what is below a gone folder went with it.
    for (const dir of gone) {
      if (!gone.some((outer) => isInside(dir, outer))) found += handlers.forgetDir(folderId, dir);
    }
    for (const dir of moved) {
      if (!current()) return false;
      if (!swept.times.has(dir)) continue;
      const recheck = await handlers.recheck(
        folderId,
        dir,
        (path) => swept.times.has(path),
        () => !current(),
      );
      if (!recheck || !current()) return false;
      for (const [listedDir, mtimeMs] of recheck.listed) swept.times.set(listedDir, mtimeMs);
      for (const failed of recheck.failedDirs) {
        handlers.log.warn('could not list a folder', failed);
        // Not tried again every few minutes: only once it changes again (or at the next scan).
        if (failed.dir === dir) swept.times.set(dir, mtimeOf(dir));
      }
      found += recheck.found;
    }
    if (found > 0) {
      handlers.log.info('found changes in a watched folder that its watcher did not report', {
        folderId,
        changes: found,
      });
    }
    return settling > 0;
  }

  return {
    watch(folderId, root, listed) {
      folders.set(folderId, { root, times: listed });
      keepTime();
    },
    forget: (folderId) => void folders.delete(folderId),
    start() {
      stopped = false;
      if (folders.size > 0) keepTime();
    },
    async stop() {
      stopped = true;
      if (interval) clearInterval(interval);
      if (soon) clearTimeout(soon);
      interval = soon = null;
      await running;
    },
    nudge: lookSoon,
    sweep,
  };
}

/** What the user reads beside a folder whose watcher failed: the reason, and that the safety net stands in. */
export function watchTroubleOf(error: unknown, options: SweepOptions): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const atLimit = code === 'ENOSPC' || /ENOSPC|No space left on device/.test(message);
  const reason = atLimit
    ? "the system's limit on watched folders is reached (on Linux, fs.inotify.max_user_watches)"
    : message;
  const minutes = Math.max(1, Math.round(options.intervalMs / 60_000));
  return `Changes here may not be seen as they happen (${reason}): Shoebox looks for them every ${minutes === 1 ? 'minute' : `${minutes} minutes`} instead.`;
}
