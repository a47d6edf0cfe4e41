import { lstatSync, type Stats } from 'node:fs';

/**
 * Synchronous, as a walk's own look is: the entry was just listed or reported, so its inode is cached and the
 * call takes microseconds, where a trip through the thread pool cost a small photo's ingest more than its
 * SQLite writes (it wakes a pool thread that the decodes' threads then compete with). Null when it is gone or
 * cannot be looked at; a symlink is not followed.
 */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
