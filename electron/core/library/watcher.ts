import { basename, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import type { TreeRules } from './walk';

/** What a watcher tells the library; any watcher implementation delivers exactly these. */
export interface FolderWatchEvents {
  /** A file appeared (after it stopped growing). */
  added(path: string): void;
  /** A file's bytes changed (after it stopped growing). */
  changed(path: string): void;
  removed(path: string): void;
  removedDir(path: string): void;
  error(error: unknown): void;
}

export interface FolderWatcher {
  /** Resolves when the watcher has taken in the tree as it is; close() resolves it too. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** How long a file must stop growing before it is reported. */
  writeFinishMs: number;
}

/** Starts watching `root`: the one seam between the library and a file-watching library. */
export type WatchFolder = (
  root: string,
  rules: TreeRules,
  events: FolderWatchEvents,
  options: WatchOptions,
) => FolderWatcher;

/** True for what a watcher must not report: skipped names anywhere in the path, symlinks, non-candidate files. */
export function isIgnored(
  root: string,
  path: string,
  rules: TreeRules,
  stats?: { isFile(): boolean; isSymbolicLink(): boolean },
): boolean {
  const rel = relative(root, path);
  if (rel === '') return false;
  // Checked on every part: a watcher may hand over a deep path before its parents.
  let at = root;
  for (const part of rel.split(sep)) {
    at = `${at}${sep}${part}`;
    if (rules.isSkipped(at, part)) return true;
  }
  if (stats?.isSymbolicLink()) return true;
  return stats?.isFile() === true && !rules.isCandidate(basename(path));
}

/** chokidar, told never to follow symlinks (the walk does not either). */
export const watchWithChokidar: WatchFolder = (root, rules, events, options) => {
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path, stats) => isIgnored(root, path, rules, stats),
    awaitWriteFinish: {
      stabilityThreshold: options.writeFinishMs,
      pollInterval: Math.min(100, options.writeFinishMs),
    },
  });
  let release: () => void = () => undefined;
  const ready = new Promise<void>((resolveReady) => {
    release = resolveReady;
    watcher.once('ready', () => resolveReady());
  });
  watcher
    .on('add', (path) => events.added(path))
    .on('change', (path) => events.changed(path))
    .on('unlink', (path) => events.removed(path))
    .on('unlinkDir', (path) => events.removedDir(path))
    .on('error', (error) => events.error(error));
  return {
    ready,
    async close() {
      release();
      await watcher.close();
    },
  };
};
