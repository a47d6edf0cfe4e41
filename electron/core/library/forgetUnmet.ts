import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CatalogueStore } from './catalogueStore';
import type { OrphanGrace } from './orphanGrace';
import { isInside } from './paths';

/** Files gone from disk forgotten between two turns of the event loop. */
const BATCH = 500;

/**
 * Forgets the catalogued files a walk did not meet (gone from disk), except below a folder it could not list,
 * in short batches with a turn of the event loop between, so the API answers meanwhile. The photos they showed
 * get their grace (a move finds them again). Returns how many locations were forgotten.
 */
export async function forgetUnmet(
  deps: { store: CatalogueStore; orphans: OrphanGrace },
  unmet: readonly string[],
  failedDirs: ReadonlyArray<{ dir: string }>,
  stopped: () => boolean,
): Promise<number> {
  let forgotten = 0;
  for (let i = 0; i < unmet.length; i++) {
    if (i > 0 && i % BATCH === 0) {
      await nextTurn();
      if (stopped()) break;
    }
    const path = unmet[i]!;
    if (failedDirs.some((f) => isInside(path, f.dir))) continue;
    const photoId = deps.store.deleteFile(path);
    if (photoId === undefined) continue;
    deps.orphans.schedule(photoId);
    forgotten++;
  }
  return forgotten;
}
