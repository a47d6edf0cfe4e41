import { sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CatalogueStore, KnownFile } from './catalogueStore';

/** Catalogued files read between two turns of the event loop (a few milliseconds' worth). */
const PAGE = 5000;

/**
 * Every catalogued file of the folder at `root`, keyed by path: what a catch-up compares the walk with, read
 * once rather than asked per file, and a page at a time with a turn of the event loop between pages, so the API
 * answers while a 200,000-file folder is read.
 */
export async function readKnownFiles(
  store: CatalogueStore,
  folderId: number,
  root: string,
): Promise<Map<string, KnownFile>> {
  const known = new Map<string, KnownFile>();
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (let after: string | null = prefix; after !== null;) {
    after = store.knownFilesAfter(folderId, prefix, after, PAGE, known);
    if (after !== null) await nextTurn();
  }
  return known;
}

/**
 * The catalogued files directly in `dir`, not in its subfolders: what a look at one folder compares its
 * listing with. Filtered a page at a time, so the library's top folder does not hold every file's record.
 */
export async function readKnownFilesDirectlyIn(
  store: CatalogueStore,
  folderId: number,
  dir: string,
): Promise<Map<string, KnownFile>> {
  const known = new Map<string, KnownFile>();
  const page = new Map<string, KnownFile>();
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (let after: string | null = prefix; after !== null;) {
    after = store.knownFilesAfter(folderId, prefix, after, PAGE, page);
    for (const [path, file] of page) if (!path.includes(sep, prefix.length)) known.set(path, file);
    page.clear();
    if (after !== null) await nextTurn();
  }
  return known;
}
