import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFolder, addPhotos } from '../../../test/support/searchCatalogue';
import { openDatabase } from '../db/openDatabase';
import { irregularForms } from '../language/irregularForms';
import { highlightCaption, highlightTerms } from './highlight';
import { oneEditAway } from './typo';
import { relatedTerms, typoTerm } from './relatedWords';
import { lexiconFor } from './referenceData';
import { refreshWordPairs, wordPairs } from './wordPairs';

let db: Database;

beforeAll(() => {
  db = openDatabase(':memory:');
  const folder = addFolder(db);
  addPhotos(db, folder, [
    { caption: 'A puppy on the seashore.' },
    { caption: 'Mice in a barn.' },
    { caption: 'A sail boat on a lake.' },
    { caption: 'A kid with a kite.' },
  ]);
  // Enough photos for the catalogue to teach a pair: "sand" keeps company with "beach".
  addPhotos(
    db,
    folder,
    Array.from({ length: 60 }, (_, i) =>
      i < 6 ? { caption: 'Sand and a beach.' } : { caption: `A kitchen, number ${i}.` },
    ),
  );
}, 60_000);

afterAll(() => db.close());

const related = (word: string, next?: string) =>
  relatedTerms(db, lexiconFor(db), { word, next }).map((term) => `${term.source}:${term.text}`);

describe('related words', () => {
  it('knows irregular forms both ways', () => {
    expect(irregularForms('children')).toEqual(['child']);
    expect(irregularForms('mouse')).toEqual(['mice']);
    expect(irregularForms('ran')).toEqual(['run']);
    expect(irregularForms('dog')).toEqual([]);
    expect(related('mouse')).toContain('form:mice');
  });

  it('joins compounds written apart and splits those written together', () => {
    expect(related('sailboat')).toContain('compound:sail boat');
    expect(related('sea', 'shore')).toContain('compound:seashore');
  });

  it('finds WordNet synonyms and more specific words, only those some photo contains', () => {
    expect(related('dog')).toContain('narrower:puppy');
    expect(related('child')).toContain('synonym:kid');
    expect(related('child').every((term) => !term.endsWith(':youngster'))).toBe(true);
  });

  it('learns from the catalogue which words keep company', () => {
    refreshWordPairs(db);
    expect(wordPairs(db, 'sand').map((pair) => pair.other)).toContain('beach');
    expect(related('sand')).toContain('catalogue:beach');
  });

  it('corrects a typo to a word the catalogue has, not to one it lacks', () => {
    expect(oneEditAway('ab')).toContain('b');
    expect(oneEditAway('ab')).toContain('ba');
    expect(typoTerm(db, 'kitchn', false)).toMatchObject({ text: 'kitchen', source: 'typo' });
    expect(typoTerm(db, 'kitchen', false)).toBeNull();
    expect(typoTerm(db, 'zqxjv', false)).toBeNull();
  });

  it('marks the matched words the way the index matched them', () => {
    const terms = highlightTerms([
      { word: 'run', prefix: false, related: [{ text: 'sail boat', weight: 1, source: 'compound' }] },
    ]);
    expect(highlightCaption('Running past a sail-boat.', terms)).toBe(
      '\u0002Running\u0003 past a \u0002sail\u0003-\u0002boat\u0003.',
    );
    const typing = highlightTerms([{ word: 'bea', prefix: true, related: [] }]);
    expect(highlightCaption('A beach, a bear.', typing)).toBe('A \u0002beach\u0003, a \u0002bear\u0003.');
  });
});
