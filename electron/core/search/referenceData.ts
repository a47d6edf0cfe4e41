// Where the reference data (the lexicon and the places) lives: a `reference` folder beside the catalogue
// file, or, for an in-memory catalogue (tests, tools), one shared folder in the system's temp folder. Each file
// is built once and then opened read-only by every catalogue of the process.
import type { Database } from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openLexicon, type Lexicon } from '../language/lexicon';
import { openGazetteer, type Gazetteer } from '../places/gazetteer';
import { buildReferenceFiles } from './referenceBuild';

const lexicons = new Map<string, Lexicon>();
const gazetteers = new Map<string, Gazetteer>();
/** The lexicon file is about 35 MB; a background build wants several times that free. */
const ROOM_FOR_A_BACKGROUND_BUILD = 256 * 1024 * 1024;
const lexiconsBeingBuilt = new Map<string, { done: Promise<void>; stop: AbortController }>();

/** What a search uses while the lexicon is still being built: its own words, forms and the catalogue's pairs. */
const NO_LEXICON: Lexicon = { related: () => [], knows: () => false, close: () => {} };

export function referenceFolder(db: Database): string {
  // The files derive from packages, not from the user's photos: a test run shares one set among its catalogues.
  const shared = process.env.SHOEBOX_REFERENCE_DIR;
  if (shared) return shared;
  const inMemory = db.memory || db.name === '' || db.name === ':memory:';
  return inMemory ? join(tmpdir(), 'shoebox-reference') : join(dirname(db.name), 'reference');
}

export function lexiconFor(db: Database): Lexicon {
  const folder = referenceFolder(db);
  // A search never waits seconds for WordNet: until the background build is done it goes without.
  if (lexiconsBeingBuilt.has(folder)) return NO_LEXICON;
  let lexicon = lexicons.get(folder);
  if (!lexicon) lexicons.set(folder, (lexicon = openLexicon(folder)));
  return lexicon;
}

export function gazetteerFor(db: Database): Gazetteer {
  const folder = referenceFolder(db);
  let gazetteer = gazetteers.get(folder);
  if (!gazetteer) gazetteers.set(folder, (gazetteer = openGazetteer(folder)));
  return gazetteer;
}

/**
 * Builds the places and the lexicon at app start on a worker thread (see referenceBuild.ts), so the first
 * search or photo view does not build them inside its own request. Resolves when it is ready (at once when it already was) or stopped by
 * `stopPreparingReferenceData`, or skipped on a disk with little room; rejects if the build failed, and the next search then builds it the usual way.
 */
export function prepareReferenceData(db: Database, freeBytes: number | null = null): Promise<void> {
  // Tens of megabytes written unasked must not be what fills a nearly full disk.
  if (freeBytes !== null && freeBytes < ROOM_FOR_A_BACKGROUND_BUILD) return Promise.resolve();
  const folder = referenceFolder(db);
  let building = lexiconsBeingBuilt.get(folder);
  if (!building) {
    const stop = new AbortController();
    const done = buildReferenceFiles(folder, stop.signal)
      .catch((error: unknown) => {
        if (!stop.signal.aborted) throw error;
      })
      .finally(() => lexiconsBeingBuilt.delete(folder));
    lexiconsBeingBuilt.set(folder, (building = { done, stop }));
  }
  return building.done;
}

/** Stops a background build (the app shutting down) and waits until it has cleaned up after itself. */
export async function stopPreparingReferenceData(db: Database): Promise<void> {
  const building = lexiconsBeingBuilt.get(referenceFolder(db));
  if (!building) return;
  building.stop.abort();
  await building.done.catch(() => undefined);
}

/** Closes the reference files a catalogue in `folder` opened (the app on shutdown, tests after each). */
export function closeReferenceData(db: Database): void {
  const folder = referenceFolder(db);
  lexicons.get(folder)?.close();
  lexicons.delete(folder);
  gazetteers.get(folder)?.close();
  gazetteers.delete(folder);
}
