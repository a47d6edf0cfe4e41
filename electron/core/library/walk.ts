import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What a walk (and the watcher) leaves out. Symlinks are never followed: see the README. */
export interface TreeRules {
  /** A folder or file the library never looks at: hidden and system names, Shoebox's own data folder. */
  isSkipped(path: string, name: string): boolean;
  isCandidate(name: string): boolean;
}

export interface WalkReport {
  /** Folders that could not be listed, with the reason. */
  failedDirs: Array<{ dir: string; reason: string }>;
  entries: number;
  folders: number;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/**
 * Lists the tree below `dir` depth-first, in listing order, calling `onFile` for each file and yielding after each
 * entry. A folder that cannot be listed is reported and skipped. Symlinked folders are not entered, so a link back up (or out to `/`) cannot make the walk endless.
 */
async function* folders(
  dir: string,
  rules: TreeRules,
  report: WalkReport,
  shouldStop: () => boolean,
  onFile: (path: string, name: string) => void,
): AsyncGenerator<void> {
  if (shouldStop()) return;
  let entries;
  try {
    // One listing call per folder: iterating a directory handle entry by entry costs several times as much
    // per file, and a catch-up is mostly listing.
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    report.failedDirs.push({ dir, reason: errorCode(error) });
    return;
  }
  report.folders++;
  for (const entry of entries) {
    if (shouldStop()) break;
    report.entries++;
    const path = join(dir, entry.name);
    if (rules.isSkipped(path, entry.name)) continue;
    if (entry.isDirectory()) yield* folders(path, rules, report, shouldStop, onFile);
    else if (entry.isFile()) onFile(path, entry.name);
    yield;
  }
}

/** The candidate image files below `root`. */
export async function* walkPhotos(
  root: string,
  rules: TreeRules,
  report: WalkReport,
  shouldStop: () => boolean,
): AsyncGenerator<string> {
  const found: string[] = [];
  const onFile = (path: string, name: string) => {
    if (rules.isCandidate(name)) found.push(path);
  };
  const listing = folders(root, rules, report, shouldStop, onFile);
  while (!(await listing.next()).done) {
    while (found.length > 0) yield found.shift()!;
  }
}

export interface TreeLimits {
  entries: number;
  folders: number;
}

/**
 * Counts the tree, stopping as soon as it passes a limit, so a system tree added by mistake is caught before a
 * watcher is spent on it. Listing costs far less than watching: one readdir per folder, nothing kept.
 */
export async function measureTree(
  root: string,
  rules: TreeRules,
  limits: TreeLimits,
  shouldStop: () => boolean,
): Promise<{ entries: number; folders: number; candidates: number; exceeded: boolean }> {
  const report: WalkReport = { failedDirs: [], entries: 0, folders: 0 };
  const over = () => report.entries > limits.entries || report.folders > limits.folders;
  let candidates = 0;
  const listing = folders(
    root,
    rules,
    report,
    () => shouldStop() || over(),
    (_path, name) => {
      if (rules.isCandidate(name)) candidates++;
    },
  );
  while (!(await listing.next()).done) {
    // counting only
  }
  return { entries: report.entries, folders: report.folders, candidates, exceeded: over() };
}
