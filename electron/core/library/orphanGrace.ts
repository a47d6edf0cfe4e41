import type { Log } from '../log';
import type { CatalogueStore } from './catalogueStore';

/**
 * A photo with no location is kept a while: a move shows up as unlink + add, and the add must find the same
 * photo (caption, tags, no second bill). After the grace period with still no file, the photo goes.
 */
export class OrphanGrace {
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #stopped = false;

  constructor(
    private readonly store: CatalogueStore,
    private readonly graceMs: number,
    private readonly log: Log,
    private readonly onRemoved: () => void,
  ) {}

  schedule(photoId: number | null | undefined): void {
    if (photoId === null || photoId === undefined || this.#stopped) return;
    if (this.store.fileCountOfPhoto(photoId) > 0) return;
    if (this.#timers.has(photoId)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(photoId);
      try {
        if (this.store.deletePhotoIfOrphan(photoId)) this.onRemoved();
      } catch (error) {
        this.log.error('could not remove an orphaned photo', {
          photoId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }, this.graceMs);
    timer.unref();
    this.#timers.set(photoId, timer);
  }

  cancel(photoId: number): void {
    const timer = this.#timers.get(photoId);
    if (timer) clearTimeout(timer);
    this.#timers.delete(photoId);
  }

  start(): void {
    this.#stopped = false;
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
