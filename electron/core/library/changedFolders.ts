import { lstatSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isInside } from './paths';

/**
 * How far back (ms) a folder's mtime counts as "changed during the catch-up": file systems keep folder times
 * coarsely (FAT to two seconds) and the clock that stamps them may lag the one read here.
 */
export const MTIME_SLACK_MS = 2000;

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
    const stats = lstatSync(dir, { throwIfNoEntry: false });
    if (stats !== undefined && stats.mtimeMs >= since - MTIME_SLACK_MS) changed.push(dir);
  }
  // Shortest first, so a folder comes before any inside it. Few folders change during a catch-up.
  const outermost: string[] = [];
  for (const dir of changed.sort((a, b) => a.length - b.length)) {
    if (!outermost.some((outer) => isInside(dir, outer))) outermost.push(dir);
  }
  return outermost;
}
