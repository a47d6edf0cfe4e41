import type { Log } from '../log';
import type { CatalogueStore } from './catalogueStore';

export interface OrphanGraceDeps {
  store: CatalogueStore;
  graceMs: number;
  log: Log;
  onRemoved: () => void;
}

/**
 * A photo with no location is kept a while: a move shows up as unlink + add, and the add must find the same
 * photo (caption, tags, no second bill). After the grace period with still no file, the photo goes.
 */
export function createOrphanGrace({ store, graceMs, log, onRemoved }: OrphanGraceDeps) {
  const timers = new Map<number, NodeJS.Timeout>();
  let stopped = false;

  function schedule(photoId: number | null | undefined): void {
    if (photoId === null || photoId === undefined || stopped) return;
    if (store.fileCountOfPhoto(photoId) > 0) return;
    if (timers.has(photoId)) return;
    const timer = setTimeout(() => {
      timers.delete(photoId);
      try {
        if (store.deletePhotoIfOrphan(photoId)) onRemoved();
      } catch (error) {
        log.error('could not remove an orphaned photo', {
          photoId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }, graceMs);
    timer.unref();
    timers.set(photoId, timer);
  }

  function cancel(photoId: number): void {
    const timer = timers.get(photoId);
    if (timer) clearTimeout(timer);
    timers.delete(photoId);
  }

  function start(): void {
    stopped = false;
  }

  function stop(): void {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  }

  return { schedule, cancel, start, stop };
}

export type OrphanGrace = ReturnType<typeof createOrphanGrace>;
