import type { Database } from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFolder, addPhotos } from '../../../test/support/searchCatalogue';
import { waitFor } from '../../../test/support/waitFor';
import { searchPhotos } from '../catalog/index';
import { openDatabase } from '../db/openDatabase';
import {
  closeReferenceData,
  prepareReferenceData,
  referenceFolder,
  stopPreparingReferenceData,
} from './referenceData';

let dir: string;
let db: Database;

// These tests build the lexicon itself, so they leave the test run's shared reference folder alone.
const sharedReference = process.env.SHOEBOX_REFERENCE_DIR;

beforeEach(() => {
  delete process.env.SHOEBOX_REFERENCE_DIR;
  dir = mkdtempSync(join(tmpdir(), 'shoebox-reference-test-'));
  db = openDatabase(join(dir, 'catalogue.sqlite'));
  addPhotos(db, addFolder(db), [{ caption: 'A puppy asleep on the grass.' }]);
});

afterEach(async () => {
  await stopPreparingReferenceData(db);
  closeReferenceData(db);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (sharedReference !== undefined) process.env.SHOEBOX_REFERENCE_DIR = sharedReference;
});

const found = (text: string) => searchPhotos(db, { text }).items.map((item) => item.caption);

describe('the lexicon built at start', () => {
  it('is built in turns while searches go on without it, then related words find more', async () => {
    let turns = 0;
    const counting = setInterval(() => turns++, 1);
    try {
      const ready = prepareReferenceData(db);
      // The build has only begun: a search answers from the photos' own words.
      expect(found('dog')).toEqual([]);
      expect(found('puppy')).toEqual(['A puppy asleep on the grass.']);
      await ready;
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(counting);
    }
    expect(found('dog')).toEqual(['A puppy asleep on the grass.']);
    // Once there, preparing again is immediate and changes nothing.
    await prepareReferenceData(db);
    expect(found('dog')).toEqual(['A puppy asleep on the grass.']);
  }, 120_000);

  it('writes nothing on a disk with little room', async () => {
    await prepareReferenceData(db, 10 * 1024 * 1024);
    expect(existsSync(referenceFolder(db))).toBe(false);
  });

  it('leaves nothing half-built behind when stopped', async () => {
    const ready = prepareReferenceData(db);
    // Stopped mid-write: once the worker has a scratch file open.
    const listing = () => (existsSync(referenceFolder(db)) ? readdirSync(referenceFolder(db)) : []);
    await waitFor('a scratch file', () => listing().some((name) => name.endsWith('.tmp')), {
      intervalMs: 5,
    });
    // Written by a process of its own (named by its pid), whose memory is not the app's.
    expect(listing().filter((name) => name.endsWith('.tmp'))).not.toContainEqual(
      expect.stringContaining(`.${process.pid}.`),
    );
    await stopPreparingReferenceData(db);
    await ready;
    expect(listing()).toEqual([]);
  }, 120_000);
});
