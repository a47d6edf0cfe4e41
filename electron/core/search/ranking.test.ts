import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFolder, addPhotos } from '../../../test/support/searchCatalogue';
import { searchPhotos } from '../catalog/index';
import { openDatabase } from '../db/openDatabase';

let db: Database;
let folder: number;

beforeEach(() => {
  db = openDatabase(':memory:');
  folder = addFolder(db);
});
afterEach(() => db.close());

const captionsFound = (text: string) =>
  searchPhotos(db, { text, weaker: true }).items.map((item) => item.caption);

describe('ranking with related words', () => {
  it('ranks photos that say the typed words by those words alone, not by related words they also hold', () => {
    addPhotos(db, folder, [
      { caption: 'A puppy on the shore and a dog on a beach, far from the busy city streets today.' },
      { caption: 'A dog on a beach.' },
    ]);
    expect(captionsFound('dog beach')).toEqual([
      'A dog on a beach.',
      'A puppy on the shore and a dog on a beach, far from the busy city streets today.',
    ]);
  }, 60_000);

  it('does not list a word of the query as something else it searched', () => {
    addPhotos(db, folder, [{ caption: 'A puppy and a dog.' }, { caption: 'A dog.' }]);
    const page = searchPhotos(db, { text: 'dog puppy' });
    for (const group of page.understood?.also ?? []) {
      expect(group.also).not.toContain(group.word === 'dog' ? 'puppy' : 'dog');
    }
    expect(page.items[0]?.caption).toBe('A puppy and a dog.');
  }, 60_000);

  it('lets the words of a sentence as typed outweigh words only related to them', () => {
    addPhotos(db, folder, [
      { caption: 'A puppy runs along the shore near the sea.' },
      { caption: 'A brown dog plays on a beach with a red ball.' },
      { caption: 'Two cats asleep on a sofa in the kitchen.' },
    ]);
    const found = captionsFound('a brown dog with a ball running on the sand by the sea');
    expect(found[0]).toBe('A brown dog plays on a beach with a red ball.');
    expect(found).toContain('A puppy runs along the shore near the sea.');
  }, 60_000);
});
