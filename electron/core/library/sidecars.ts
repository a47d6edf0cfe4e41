import { basename, dirname, join } from 'node:path';
import type { CatalogueStore } from './catalogueStore';

/** XMP sidecars are watched too: other tools write keywords there. */
export function isSidecarName(fileName: string): boolean {
  return /\.xmp$/i.test(fileName);
}

/** The catalogued photos a sidecar belongs to: `photo.jpg.xmp` is photo.jpg's; `photo.xmp` is any `photo.<ext>`'s. */
export function photosOfSidecar(store: CatalogueStore, path: string): string[] {
  const dir = dirname(path);
  const name = basename(path);
  const digikam = join(dir, name.slice(0, -'.xmp'.length));
  const stem = `${name.slice(0, -'.xmp'.length)}.`;
  return store.filePathsStartingWith(join(dir, stem.slice(0, -1))).filter((file) => {
    if (dirname(file) !== dir) return false;
    const rest = basename(file);
    return file === digikam || (rest.startsWith(stem) && !rest.slice(stem.length).includes('.'));
  });
}
