import { lstat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { walkPhotos, type TreeRules, type WalkReport } from './walk';
import { isIgnored, type FolderWatcher, type WatchFolder } from './watcher';
import { WriteFinish } from './writeFinish';

type ParcelEvent = { path: string; type: 'create' | 'update' | 'delete' };
type ParcelModule = {
  subscribe(
    dir: string,
    fn: (error: Error | null, events: ParcelEvent[]) => unknown,
    options?: { ignore?: string[] },
  ): Promise<{ unsubscribe(): Promise<void> }>;
};

let loaded: ParcelModule | null | undefined;

/** @parcel/watcher's native module, or null where its prebuilt binary is missing or does not load. */
export function loadParcelWatcher(): ParcelModule | null {
  if (loaded !== undefined) return loaded;
  try {
    // Loaded on first use, not at import: a platform without the prebuilt binary still runs with chokidar.
    loaded = createRequire(import.meta.url)('@parcel/watcher') as ParcelModule;
  } catch {
    loaded = null;
  }
  return loaded;
}

/**
 * A folder moved or unpacked into the tree arrives as one event for the folder: its photos are reported as
 * added one by one, as chokidar would.
 */
async function reportFolderContents(
  dir: string,
  rules: TreeRules,
  onFile: (path: string) => void,
  stopped: () => boolean,
): Promise<void> {
  const report: WalkReport = { failedDirs: [], entries: 0, folders: 0 };
  for await (const path of walkPhotos(dir, rules, report, stopped)) onFile(path);
}

/**
 * @parcel/watcher (VS Code's): on Linux one inotify descriptor for the whole tree, with the per-folder cost in
 * the kernel rather than in JavaScript objects. Deletions do not say whether a file or a folder went, so a
 * candidate name is reported as a file and anything else as a folder (forgetting by path prefix is harmless
 * when nothing is under it).
 */
export function parcelWatcherFrom(parcel: ParcelModule): WatchFolder {
  return (root, rules, events, options) => {
    let closed = false;
    const settle = new WriteFinish(options.writeFinishMs, (path, kind) =>
      kind === 'added' ? events.added(path) : events.changed(path),
    );
    const created = async (path: string) => {
      const stats = await lstat(path).catch(() => null);
      if (!stats || closed || isIgnored(root, path, rules, stats)) return;
      if (stats.isDirectory()) {
        await reportFolderContents(
          path,
          rules,
          (file) => settle.touch(file, 'added'),
          () => closed,
        );
      } else if (stats.isFile()) settle.touch(path, 'added');
    };
    const handle = (event: ParcelEvent) => {
      if (isIgnored(root, event.path, rules)) return;
      if (event.type === 'delete') {
        settle.forget(event.path);
        if (rules.isCandidate(basename(event.path))) events.removed(event.path);
        else events.removedDir(event.path);
      } else if (event.type === 'create') {
        void created(event.path).catch((error: unknown) => events.error(error));
      } else if (rules.isCandidate(basename(event.path))) settle.touch(event.path, 'changed');
    };
    const subscription = parcel.subscribe(root, (error, batch) => {
      if (closed) return;
      if (error) events.error(error);
      for (const event of batch) handle(event);
    });
    const ready = subscription.then(
      () => undefined,
      (error: unknown) => events.error(error),
    );
    const watcher: FolderWatcher = {
      ready,
      async close() {
        closed = true;
        settle.close();
        await subscription.then(
          (s) => s.unsubscribe(),
          () => undefined,
        );
      },
    };
    return watcher;
  };
}
