import { sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CatalogueStore, KnownFile } from './catalogueStore';

/** Catalogued files read between two turns of the event loop (a few milliseconds' worth). */
const PAGE = 5000;

/**
 * Every catalogued file of the folder at `root`, keyed by path: what a catch-up compares the walk with, read
 * once rather than asked per file, and a page at a time with a turn of the event loop between pages, so the API
 * answers while a 200,000-file folder is read. With `directlyIn`, only the files directly in `root`, not in its
 * subfolders (what a look at one folder compares its listing with), filtered a page at a time so that the
 * library's top folder does not hold every file's record.
 */
export async function readKnownFiles(
  store: CatalogueStore,
  folderId: number,
  root: string,
  { directlyIn = false } = {},
): Promise<Map<string, KnownFile>> {
  const known = new Map<string, KnownFile>();
  const page = directlyIn ? new Map<string, KnownFile>() : known;
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (let after: string | null = prefix; after !== null;) {
    after = store.knownFilesAfter(folderId, prefix, after, PAGE, page);
    if (directlyIn) {
      for (const [path, file] of page) if (!path.includes(sep, prefix.length)) known.set(path, file);
      page.clear();
    }
    if (after !== null) await nextTurn();
  }
  return known;
}
