import { EventBus } from '../events';
import type { CatalogueStore } from './catalogueStore';
import { foldersChangedSince } from './changedFolders';
import { readKnownFiles } from './knownFiles';
import { isInside } from './paths';
import {
  walkAndIngest,
  type ScanHow,
  type WalkAndIngestDeps,
  type WalkAndIngestResult,
} from './walkAndIngest';

/** The folder's watcher as the catch-up sees it: `ready` is true once it watches the whole tree. */
export interface StartingWatcher {
  watching: Promise<void>;
  ready(): boolean;
}

/**
 * A catch-up walks the tree while its watcher is still taking the tree in (@parcel/watcher crawls it on a
 * thread of its own, about 1.5 times `find`), rather than after: the two walks overlap instead of adding up.
 * Something that changed after the walk passed a folder and before the watcher looked at it would then be
 * missed by both, so once the watcher is ready, the folders whose mtime moved since the walk began (an entry
 * added, removed or renamed: what a file copied in, deleted or saved by rename does) are walked again.
 * A file rewritten in place in that window of a fraction of a second, without a rename, is the one change
 * left to the next start.
 */
export async function walkWhileWatcherStarts(
  deps: WalkAndIngestDeps & { store: CatalogueStore },
  folderId: number,
  root: string,
  how: ScanHow,
  watcher: StartingWatcher,
  cancelled: () => boolean,
): Promise<WalkAndIngestResult> {
  const readyBefore = watcher.ready();
  const since = Date.now();
  const first = await walkAndIngest(deps, folderId, root, { ...how, keepListed: true }, cancelled);
  await watcher.watching;
  if (readyBefore || cancelled()) return first;
  const listed = [...(first.walk.listed?.keys() ?? [])];

  // Walked again quietly: the progress already shown is the first walk's.
  const quiet = { ...deps, events: new EventBus() };
  const result = { ...first };
  for (const dir of await foldersChangedSince(listed, since)) {
    if (cancelled()) break;
    const known = await readKnownFiles(deps.store, folderId, dir);
    const again = await walkAndIngest(
      quiet,
      folderId,
      dir,
      { origin: how.origin, reread: false, checking: true, expected: null, known, keepListed: true },
      cancelled,
    );
    // The second walk is the word on what is below `dir`.
    result.unmet = [...result.unmet.filter((path) => !isInside(path, dir)), ...again.unmet];
    result.unreported += again.unreported;
    result.deferred += again.deferred;
    result.walk.failedDirs.push(...again.walk.failedDirs);
    for (const [listedDir, mtimeMs] of again.walk.listed ?? []) result.walk.listed?.set(listedDir, mtimeMs);
  }
  return result;
}
