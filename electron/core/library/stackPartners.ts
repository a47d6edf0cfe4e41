import type { CatalogueStore } from './catalogueStore';
import { isStackPartner, stackKey, stackPrefix, stackRole } from './rawPairs';

/** The photo the other half of this file's RAW+JPEG stack already belongs to, if it is catalogued. */
export function stackPartnerPhoto(store: CatalogueStore, path: string): number | undefined {
  if (stackRole(path) === null) return undefined;
  return store.photoFilesStartingWith(stackPrefix(path)).find((file) => isStackPartner(path, file.path))
    ?.photo_id;
}

/**
 * A RAW with no usable preview, met before its JPEG, was listed unreadable; once the JPEG is a photo the RAW
 * is simply its second file.
 */
export function adoptUnreadablePartners(store: CatalogueStore, path: string, photoId: number): void {
  if (stackRole(path) !== 'jpeg') return;
  for (const other of store.unreadablePathsStartingWith(stackPrefix(path))) {
    if (isStackPartner(path, other)) store.adoptUnreadable(other, photoId);
  }
}

/**
 * The two halves of a stack are ingested one after the other, so the second finds the first's photo and
 * joins it instead of becoming a second photo with a second bill.
 */
export class StackLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(path: string, work: () => Promise<T>): Promise<T> {
    if (stackRole(path) === null) return work();
    const key = stackKey(path);
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#tails.set(key, next);
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.#tails.get(key) === next) this.#tails.delete(key);
      });
    return next;
  }
}
