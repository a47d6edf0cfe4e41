// Where the reference data (the lexicon and the places) lives: a `reference` folder beside the catalogue
// file, or, for an in-memory catalogue (tests, tools), one shared folder in the system's temp folder. Each file
// is built once and then opened read-only by every catalogue of the process.
import type { Database } from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openLexicon, type Lexicon } from '../language/lexicon';
import { openGazetteer, type Gazetteer } from '../places/gazetteer';

const lexicons = new Map<string, Lexicon>();
const gazetteers = new Map<string, Gazetteer>();

export function referenceFolder(db: Database): string {
  // The files derive from packages, not from the user's photos: a test run shares one set among its catalogues.
  const shared = process.env.SHOEBOX_REFERENCE_DIR;
  if (shared) return shared;
  const inMemory = db.memory || db.name === '' || db.name === ':memory:';
  return inMemory ? join(tmpdir(), 'shoebox-reference') : join(dirname(db.name), 'reference');
}

export function lexiconFor(db: Database): Lexicon {
  const folder = referenceFolder(db);
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
 * Opens (and on a data folder's first start, builds: about 4 s) the lexicon and the places, so that no search
 * or photo view has to build them while the user waits and every other request waits behind it.
 */
export function prepareReferenceData(db: Database): void {
  lexiconFor(db);
  gazetteerFor(db);
}

/** Closes the reference files a catalogue in `folder` opened (the app on shutdown, tests after each). */
export function closeReferenceData(db: Database): void {
  const folder = referenceFolder(db);
  lexicons.get(folder)?.close();
  lexicons.delete(folder);
  gazetteers.get(folder)?.close();
  gazetteers.delete(folder);
}
