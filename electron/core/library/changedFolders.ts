import { setImmediate as nextTurn } from 'node:timers/promises';
import { lstatOrNull } from './lstatOrNull';
import { isInside } from './paths';

/**
 * How far back (ms) a folder's mtime counts as "changed during the catch-up": file systems keep folder times
 * coarsely (FAT to two seconds) and the clock that stamps them may lag the one read here.
 */
export const MTIME_SLACK_MS = 2000;

/** The longest (ms) the folder sweep's look holds the event loop between turns. */
const LOOK_TURN_MS = 10;

/** Folders looked at in one turn of the event loop. */
const FOLDERS_PER_TURN = 1000;

/**
 * The folders among `listed` whose mtime says an entry was added, removed or renamed in them since `since`
 * (epoch ms), outermost only: a catch-up that walked while its watcher was still being set up lists these
 * again, since a change there may have come after the walk passed and before the watcher looked. A folder
 * gone since is left out: its removal changed the folder above it.
 */
export async function foldersChangedSince(listed: readonly string[], since: number): Promise<string[]> {
  const changed: string[] = [];
  for (let i = 0; i < listed.length; i++) {
    // 20,000 folders take some 100 ms of lstat: the API answers between slices.
    if (i > 0 && i % FOLDERS_PER_TURN === 0) await nextTurn();
    const dir = listed[i]!;
    const stats = lstatOrNull(dir);
    if (stats !== null && stats.mtimeMs >= since - MTIME_SLACK_MS) changed.push(dir);
  }
  // Shortest first, so a folder comes before any inside it. Few folders change during a catch-up.
  const outermost: string[] = [];
  for (const dir of changed.sort((a, b) => a.length - b.length)) {
    if (!outermost.some((outer) => isInside(dir, outer))) outermost.push(dir);
  }
  return outermost;
}

/**
 * The folders of `times` (each with its mtime when last listed) whose mtime moved since, and those gone (or no
 * longer folders), a slice at a time. One that moved less than `quietMs` ago is only counted (`settling`), to
 * be looked at later: its watcher is likely still reporting the change. A time ahead of the clock does not
 * hold it back.
 * Stops early once `current` says the look is no longer wanted.
 */
export async function foldersMoved(
  times: ReadonlyMap<string, number>,
  quietMs: number,
  current: () => boolean,
): Promise<{ moved: string[]; gone: string[]; settling: number }> {
  const moved: string[] = [];
  const gone: string[] = [];
  let settling = 0;
  let turnAt = performance.now();
  // Not changed meanwhile: the sweep makes one look at a time, and a new walk replaces the map whole.
  for (const [dir, mtimeMs] of times) {
    // By time rather than by count: on a network share each lstat is a round trip, and this runs every few
    // minutes, not once at a start.
    if (performance.now() - turnAt > LOOK_TURN_MS) {
      await nextTurn();
      if (!current()) break;
      turnAt = performance.now();
    }
    const stats = lstatOrNull(dir);
    if (!stats?.isDirectory()) gone.push(dir);
    else if (stats.mtimeMs !== mtimeMs) {
      const age = Date.now() - stats.mtimeMs;
      if (age >= 0 && age < quietMs) settling++;
      else moved.push(dir);
    }
  }
  return { moved, gone, settling };
}
