import { EventBus } from '../events';
import type { CatalogueStore } from './catalogueStore';
import { forgetUnmet } from './forgetUnmet';
import { readKnownFiles } from './knownFiles';
import type { OrphanGrace } from './orphanGrace';
import { walkAndIngest, type WalkAndIngestDeps } from './walkAndIngest';

export interface RecheckDeps extends WalkAndIngestDeps {
  store: CatalogueStore;
  orphans: OrphanGrace;
  /** True while the data disk is full: nothing is forgotten then (a later look decides). */
  diskFull(): boolean;
}

export interface Recheck {
  /** The folders listed (`dir` and any new folder below it), with their mtimes just before each listing. */
  listed: Map<string, number>;
  /** Files added or re-linked and locations forgotten: what a watcher should have reported and did not. */
  found: number;
  failedDirs: Array<{ dir: string; reason: string }>;
}

/**
 * Lists one watched folder again and brings the catalogue in line with it, as a catch-up would: a new file is
 * read, a changed one read again, a gone one forgotten. Subfolders already known (`isKnownFolder`) are left to
 * their own look; a new one is walked whole. Quiet: no scan progress is shown for it. Null when cancelled.
 */
export async function recheckFolder(
  deps: RecheckDeps,
  folderId: number,
  dir: string,
  isKnownFolder: (path: string) => boolean,
  cancelled: () => boolean,
): Promise<Recheck | null> {
  const known = await readKnownFiles(deps.store, folderId, dir, { directlyIn: true });
  let found = 0;
  const walkDeps: WalkAndIngestDeps = {
    ...deps,
    events: new EventBus(),
    rules: {
      ...deps.rules,
      isSkipped: (path, name) => isKnownFolder(path) || deps.rules.isSkipped(path, name),
    },
    photosChanged: (count) => {
      found += count;
      deps.photosChanged(count);
    },
  };
  const how = {
    origin: 'watch' as const,
    reread: false,
    checking: true,
    expected: null,
    known,
    keepListed: true,
  };
  const result = await walkAndIngest(walkDeps, folderId, dir, how, cancelled);
  if (cancelled()) return null;
  let changed = result.unreported;
  // `known` held only the files directly in `dir`: what the walk did not meet of them is gone.
  if (result.deferred === 0 && !deps.diskFull()) {
    changed += await forgetUnmet(deps, result.unmet, result.walk.failedDirs, cancelled);
  }
  deps.photosChanged(changed);
  return {
    listed: result.walk.listed ?? new Map(),
    found: found + changed,
    failedDirs: result.walk.failedDirs,
  };
}
