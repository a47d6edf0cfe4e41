import { readdirSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { normalize, sep } from 'node:path';
import { lstatOrNull } from './lstatOrNull';

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
  /**
   * Every folder listed with its mtime (ms) as it was just before the listing, when the caller asks for them (a
   * map here): a catch-up and the watch's safety net (FolderSweep) look at them again.
   */
  listed?: Map<string, number>;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/** A folder's mtime (ms), or 0 when it cannot be read: looked at again, it then counts as changed. */
export function mtimeOf(dir: string): number {
  return lstatOrNull(dir)?.mtimeMs ?? 0;
}

/** Candidate files handed over at a time from one folder's listing. */
const BATCH = 512;

/** The longest (ms) a walk lists folders between turns of the event loop, so the API answers meanwhile. */
const TURN_MS = 20;

/**
 * Lists the tree below `dir` depth-first, in listing order, yielding the candidate files a folder's listing
 * holds in batches: one promise per batch, not per file, since a catch-up is mostly listing. A folder that
 * cannot be listed is reported and skipped. Symlinked folders are not entered, so a link back up (or out to
 * `/`) cannot make the walk endless.
 */
export async function* walkPhotoBatches(
  dir: string,
  rules: TreeRules,
  report: WalkReport,
  shouldStop: () => boolean,
): AsyncGenerator<string[]> {
  yield* walkFolder(normalize(dir), rules, report, shouldStop, { at: performance.now() });
}

async function* walkFolder(
  dir: string,
  rules: TreeRules,
  report: WalkReport,
  shouldStop: () => boolean,
  turn: { at: number },
): AsyncGenerator<string[]> {
  if (shouldStop()) return;
  if (performance.now() - turn.at > TURN_MS) {
    await nextTurn();
    turn.at = performance.now();
  }
  let entries;
  // Read before the listing, so an entry added after it moves the folder's mtime past the one kept.
  const mtimeMs = report.listed ? mtimeOf(dir) : 0;
  try {
    // One synchronous listing call per folder, with a turn of the event loop every TURN_MS instead: a listing
    // through the thread pool costs a round trip per folder, which made a catch-up's walk of 2,000 folders
    // take 60-140 ms where the listings themselves take 24 ms (and iterating a directory handle entry by entry
    // costs more again).
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    report.failedDirs.push({ dir, reason: errorCode(error) });
    return;
  }
  report.folders++;
  report.listed?.set(dir, mtimeMs);
  // The folder's path is already normalised and a name holds no separator: joined by hand, not by path.join,
  // which normalises the whole path again for every entry.
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  let batch: string[] = [];
  for (const entry of entries) {
    if (shouldStop()) break;
    report.entries++;
    const path = prefix + entry.name;
    if (rules.isSkipped(path, entry.name)) continue;
    if (entry.isDirectory()) {
      if (batch.length > 0) yield batch;
      batch = [];
      yield* walkFolder(path, rules, report, shouldStop, turn);
    } else if (entry.isFile() && rules.isCandidate(entry.name)) {
      batch.push(path);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** The candidate image files below `root`. */
export async function* walkPhotos(
  root: string,
  rules: TreeRules,
  report: WalkReport,
  shouldStop: () => boolean,
): AsyncGenerator<string> {
  for await (const batch of walkPhotoBatches(root, rules, report, shouldStop)) yield* batch;
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
  for await (const batch of walkPhotoBatches(root, rules, report, () => shouldStop() || over())) {
    candidates += batch.length;
  }
  return { entries: report.entries, folders: report.folders, candidates, exceeded: over() };
}
