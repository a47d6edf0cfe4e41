// The reference data (WordNet's lexicon, the places) that a data folder builds on its first start, built once
// for a benchmark in a shared folder, so each run's fresh catalogue opens it as on any later start.
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  closeReferenceData,
  gazetteerFor,
  prepareReferenceData,
} from '../../electron/core/search/referenceData';

export async function prebuiltReferenceData(): Promise<void> {
  process.env.SHOEBOX_REFERENCE_DIR ??= join(tmpdir(), 'shoebox-bench-reference');
  const db = new Database(':memory:');
  try {
    await prepareReferenceData(db);
    gazetteerFor(db);
  } finally {
    closeReferenceData(db);
    db.close();
  }
}
