// What the first page's shortcuts must not change: the order across pages, what a prefix finds, what the
// counts say, and that nothing remembered outlives a change to the catalogue.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFolder, addPhotos } from '../../../test/support/searchCatalogue';
import { openDatabase } from '../db/openDatabase';
import { COUNT_CAP } from '../search/rankTiers';
import { searchPhotos } from './index';
import { prefixCompletions } from './searchPrefix';

let db: Database;
let folder: number;

beforeEach(() => {
  db = openDatabase(':memory:');
  folder = addFolder(db);
});
afterEach(() => db.close());

const ids = (text: string, more: { offset?: number; limit?: number; exact?: boolean } = {}) =>
  searchPhotos(db, { text, ...more }).items.map((item) => item.id);

/** What FTS5 itself matches for `word` as a prefix, the reference for the rewritten prefix. */
const ftsPrefixMatches = (word: string) =>
  new Set(
    db.prepare('SELECT rowid FROM photos_fts WHERE photos_fts MATCH ?').pluck().all(`"${word}"*`) as number[],
  );

describe('the first page of a search', () => {
  it('pages through the typed word first, then the photos only a related word found, none twice or lost', () => {
    const dogs = addPhotos(db, folder, [
      { caption: 'A dog asleep on a rug.' },
      { caption: 'A dog and a dog bowl.' },
      { caption: 'A dog by the door.' },
    ]);
    const puppies = addPhotos(db, folder, [
      { caption: 'A puppy on the grass.' },
      { caption: 'A puppy in a basket.' },
    ]);
    const first = searchPhotos(db, { text: 'dog', limit: 2 });
    expect(first.understood?.also[0]?.also).toContain('puppy');
    // The page is full of photos saying "dog"; the related word's photos are counted all the same.
    expect(first.understood?.strongTotal).toBe(5);
    expect(first.total).toBe(5);
    const paged = [
      ...ids('dog', { limit: 2 }),
      ...ids('dog', { offset: 2, limit: 2 }),
      ...ids('dog', { offset: 4, limit: 2 }),
    ];
    expect(paged).toEqual(ids('dog', { limit: 10 }));
    expect(new Set(paged.slice(0, 3))).toEqual(new Set(dogs));
    expect(new Set(paged.slice(3))).toEqual(new Set(puppies));
  }, 60_000);

  it('finds the word being typed as FTS5 would with a prefix, whether it asks for the words or the prefix', () => {
    addPhotos(db, folder, [
      { caption: 'Busy streets at night.' },
      { caption: 'A streetcar in the rain.' },
      { caption: 'A street market.' },
      { caption: 'Strength and grace.' },
      // More words starting with "zorb" than are worth asking for one by one: the prefix stays.
      ...'abcdefghijklmnopqrst'.split('').map((letter) => ({ caption: `A zorb${letter}x toy.` })),
    ]);
    expect(prefixCompletions(db, 'stree')).toEqual(['street', 'streetcar']);
    expect(prefixCompletions(db, 'streetc')).toEqual(['streetcar']);
    // A finished word that starts others keeps FTS5's own prefix, and with it bm25's weighing.
    expect(prefixCompletions(db, 'street')).toBeNull();
    expect(prefixCompletions(db, 'zorb')).toBeNull();
    // Two and three letters have FTS5's own prefix indexes.
    expect(prefixCompletions(db, 'str')).toBeNull();
    for (const word of ['stree', 'streetc', 'streets', 'zorb', 'zorbq', 'nothin']) {
      expect(new Set(ids(word, { exact: true })), word).toEqual(ftsPrefixMatches(word));
    }
    expect(ids('stree', { exact: true })).toHaveLength(3);
    expect(ids('zorb', { exact: true })).toHaveLength(20);
  });

  it('shows the newest photos for a lone first key and narrows from the second', () => {
    const [dog, cat] = addPhotos(db, folder, [{ caption: 'A dog.' }, { caption: 'A cat.' }]);
    const lone = searchPhotos(db, { text: 'd' });
    expect(lone.total).toBe(2);
    expect(lone.understood).toBeUndefined();
    expect(ids('do')).toEqual([dog]);
    expect(ids('ca')).toEqual([cat]);
    // A single letter after other words is left out until the next key, as before.
    expect(ids('dog c')).toEqual([dog]);
  }, 60_000);

  it('stops counting at the cap, says so, and still offers the next page', () => {
    const many = COUNT_CAP + 150;
    addPhotos(
      db,
      folder,
      Array.from({ length: many }, (_, i) => ({ caption: `A dog number ${i}.` })),
    );
    const first = searchPhotos(db, { text: 'dog', limit: 100 });
    expect(first.understood).toMatchObject({ strongTotal: COUNT_CAP, countsAreAtLeast: true });
    expect(first.items).toHaveLength(100);
    const deep = searchPhotos(db, { text: 'dog', offset: COUNT_CAP, limit: 100 });
    expect(deep.items).toHaveLength(100);
    expect(deep.total).toBeGreaterThan(COUNT_CAP + 100);
    const last = searchPhotos(db, { text: 'dog', offset: COUNT_CAP + 100, limit: 100 });
    expect(last.items).toHaveLength(50);
    expect(last.total).toBeLessThanOrEqual(COUNT_CAP + 150);
    const seen = new Set<number>();
    for (let offset = 0; offset < many; offset += 200)
      for (const id of ids('dog', { offset, limit: 200 })) seen.add(id);
    expect(seen.size).toBe(many);
  }, 60_000);

  it('forgets what it remembered when the catalogue changes', () => {
    addPhotos(db, folder, [{ caption: 'A sandy beach.' }]);
    expect(searchPhotos(db, { text: '' }).total).toBe(1);
    expect(searchPhotos(db, { text: 'beech' }).understood?.also[0]?.corrected).toBe('beach');
    const [beech] = addPhotos(db, folder, [{ caption: 'A beech in autumn.' }]);
    expect(searchPhotos(db, { text: '' }).total).toBe(2);
    const again = searchPhotos(db, { text: 'beech' });
    expect(again.understood?.also.find((group) => group.corrected)).toBeUndefined();
    expect(again.items[0]?.id).toBe(beech);
  }, 60_000);
});
