import { lstatSync } from 'node:fs';
import { isInside } from './paths';

/**
 * How far back (ms) a folder's mtime counts as "changed during the catch-up": file systems keep folder times
 * coarsely (FAT to two seconds) and the clock that stamps them may lag the one read here.
 */
export const MTIME_SLACK_MS = 2000;

/**
 * The folders among `listed` whose mtime says an entry was added, removed or renamed in them since `since`
 * (epoch ms), outermost only: a catch-up that walked while its watcher was still being set up lists these
 * again, since a change there may have come after the walk passed and before the watcher looked. A folder
 * gone since is left out: its removal changed the folder above it.
 */
export function foldersChangedSince(listed: readonly string[], since: number): string[] {
  const changed = listed.filter((dir) => {
    const stats = lstatSync(dir, { throwIfNoEntry: false });
    return stats !== undefined && stats.mtimeMs >= since - MTIME_SLACK_MS;
  });
  // Shortest first, so a folder comes before any inside it. Few folders change during a catch-up.
  const outermost: string[] = [];
  for (const dir of changed.sort((a, b) => a.length - b.length)) {
    if (!outermost.some((outer) => isInside(dir, outer))) outermost.push(dir);
  }
  return outermost;
}
