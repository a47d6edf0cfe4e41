// Search by meaning on a real catalogue file: the related words come from the WordNet lexicon built on first
// use into the data folder, exactly as the app does it.
import type { Database } from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPhoto, searchPhotos } from '../../electron/core/catalog/index';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { lexiconFileName } from '../../electron/core/language/lexicon';
import { listPlaces } from '../../electron/core/places/photoPlaces';
import { closeReferenceData, referenceFolder } from '../../electron/core/search/referenceData';
import { addFolder, addPhotos } from '../support/searchCatalogue';

let dir: string;
let db: Database;
let ids: number[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-meaning-'));
  db = openDatabase(join(dir, 'catalogue.sqlite'));
  ids = addPhotos(db, addFolder(db), [
    { caption: 'A puppy runs along the shore.' },
    { caption: 'A dog sleeps in a park.' },
    { caption: 'Waves on a beach at sunset.' },
    { caption: 'Two children ran past a sailboat.' },
    { caption: 'A cat on a sofa.' },
    {
      caption: 'A tall iron tower under a grey sky.',
      gps: [48.85455, 2.30029],
      takenAt: '2019-11-09T10:59:36',
    },
    { caption: 'A snowy street at night.', gps: [0, 0], takenAt: '2018-12-25T20:00:00' },
  ]);
});

afterAll(() => {
  closeReferenceData(db);
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search by meaning', () => {
  it('finds "A puppy runs along the shore" first for "dog on a beach", and says what else it searched', () => {
    const page = searchPhotos(db, { text: 'dog on a beach' });
    expect(page.items[0]!.id).toBe(ids[0]);
    expect(existsSync(join(referenceFolder(db), lexiconFileName()))).toBe(true);
    const also = page.understood!.also;
    expect(also.find((entry) => entry.word === 'dog')!.also).toContain('puppy');
    expect(also.find((entry) => entry.word === 'beach')!.also).toContain('shore');
    // The relevance cut: photos matching only "dog" or only "beach" are counted, not listed.
    expect(page.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(page.understood!.weakerTotal).toBe(2);
    expect(page.items[0]!.captionHighlighted).toBe('A \u0002puppy\u0003 runs along the \u0002shore\u0003.');
  });

  it('lists the weaker matches after the strong ones when asked, and searches the exact words alone', () => {
    const page = searchPhotos(db, { text: 'dog beach', weaker: true });
    expect(page.items.map((item) => item.id).slice(0, 1)).toEqual([ids[0]]);
    expect(new Set(page.items.slice(1).map((item) => item.id))).toEqual(new Set([ids[1], ids[2]]));
    // No photo says both words as typed, so the page says so and shows those that say one.
    const exact = searchPhotos(db, { text: 'dog beach', exact: true });
    expect(exact.understood!.showingWeaker).toBe(true);
    expect(new Set(exact.items.map((item) => item.id))).toEqual(new Set([ids[1], ids[2]]));
    expect(exact.understood!.also).toEqual([]);
  });

  it('joins irregular forms and compounds: "child", "run" and "sail boat" find the children and the sailboat', () => {
    expect(searchPhotos(db, { text: 'child' }).items.map((item) => item.id)).toEqual([ids[3]]);
    expect(searchPhotos(db, { text: 'run' }).items.map((item) => item.id)).toContain(ids[3]);
    expect(searchPhotos(db, { text: 'sail boat' }).items.map((item) => item.id)).toEqual([ids[3]]);
  });

  it('names the place of a photo with GPS, finds it by "paris" and "france", and names nothing at 0,0', () => {
    const paris = searchPhotos(db, { text: 'paris' });
    expect(paris.items.map((item) => item.id)).toEqual([ids[5]]);
    expect(searchPhotos(db, { text: 'france tower' }).items.map((item) => item.id)).toEqual([ids[5]]);
    expect(getPhoto(db, ids[5]!)!.place).toEqual({
      city: 'Paris',
      region: 'Île-de-France',
      country: 'France',
      countryCode: 'FR',
    });
    expect(getPhoto(db, ids[6]!)!.place).toBeNull();
    // As a filter: only the photos taken in France.
    expect(listPlaces(db)).toEqual([{ countryCode: 'FR', country: 'France', count: 1 }]);
    expect(searchPhotos(db, { text: '', country: 'FR' }).items.map((item) => item.id)).toEqual([ids[5]]);
    expect(searchPhotos(db, { text: 'tower', country: 'JP' }).items).toEqual([]);
  });

  it('reads a date phrase as a filter and searches the rest as text', () => {
    const page = searchPhotos(db, { text: 'tower november 2019' });
    expect(page.items.map((item) => item.id)).toEqual([ids[5]]);
    expect(page.understood!.dateFilter).toEqual({
      label: 'November 2019',
      from: '2019-11-01',
      to: '2019-11-30',
    });
    const christmas = searchPhotos(db, { text: 'christmas' });
    expect(christmas.items.map((item) => item.id)).toEqual([ids[6]]);
    // Without the date reading the word is searched as text: no caption says "christmas".
    const asText = searchPhotos(db, { text: 'christmas', readDates: false, exact: true });
    expect(asText.items).toEqual([]);
    expect(asText.understood!.dateFilter).toBeNull();
  });

  it('waits for a second letter before a new word narrows the search', () => {
    const ids = (text: string) => searchPhotos(db, { text }).items.map((item) => item.id);
    expect(ids('puppy s')).toEqual(ids('puppy'));
    expect(ids('puppy sh')).toEqual(ids('puppy shore'));
  });

  it('corrects a typo of a word the catalogue knows, and says so', () => {
    const page = searchPhotos(db, { text: 'sunsett' });
    expect(page.items.map((item) => item.id)).toEqual([ids[2]]);
    expect(page.understood!.also).toEqual([{ word: 'sunsett', also: [], corrected: 'sunset' }]);
  });
});
