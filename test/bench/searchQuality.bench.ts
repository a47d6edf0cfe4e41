// Search quality on Flickr8k captions (the development split in ../shared/datasets/flickr8k): one person's
// caption is stored as a photo's caption, another person's caption of the same photo is the query, whole or
// cut to its first three words that are not little words (as a person types), and those three words with a
// place or a date phrase from our own synthetic places and dates given to the photos. Shoebox's search beside
// the plain FTS5 search it replaced (every word, else any word, bm25), on the same catalogue in the same run,
// and Shoebox by words alone (no sentence encoder) to show what meaning adds.
// Nothing here or in the search is built from these captions.
import type { Database } from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { searchPhotos, searchTokens, toFtsQuery } from '../../electron/core/catalog/index';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { isStopword } from '../../electron/core/language/stopwords';
import { hasWaitingPlaces, nameWaitingPlaces } from '../../electron/core/places/photoPlaces';
import { gazetteerFor } from '../../electron/core/search/referenceData';
import { createMeaningService, type MeaningService } from '../../electron/core/meaning/meaningService';
import { searchWithMeaning } from '../../electron/core/meaning/searchWithMeaning';
import { CORPUS_DIR } from '../support/corpus';
import { fmt, printBlock } from './benchSupport';

interface Sample {
  image: string;
  captions: string[];
}

/** Another split (the held-out photos) can be measured the same way: BENCH_CAPTIONS=path/to/file.jsonl. */
const CAPTIONS_FILE =
  process.env.BENCH_CAPTIONS ?? join(dirname(CORPUS_DIR), 'datasets', 'flickr8k', 'captions-dev.jsonl');

export function loadCaptions(file = CAPTIONS_FILE): Sample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Sample);
}

/** Our own synthetic places and dates, given to the photos by their position in the list. */
const CITIES: Array<{ lat: number; lon: number; word: string }> = [
  { lat: 48.8566, lon: 2.3522, word: 'paris' },
  { lat: 35.6762, lon: 139.6503, word: 'japan' },
  { lat: 48.1351, lon: 11.582, word: 'bavaria' },
  { lat: 41.9028, lon: 12.4964, word: 'italy' },
  { lat: -33.8688, lon: 151.2093, word: 'sydney' },
  { lat: 43.6532, lon: -79.3832, word: 'canada' },
  { lat: 40.4168, lon: -3.7038, word: 'spain' },
  { lat: 52.52, lon: 13.405, word: 'berlin' },
];
const MONTHS = 'january february march april may june july august september october november december'.split(
  ' ',
);

function syntheticPlace(i: number) {
  return CITIES[i % CITIES.length]!;
}

function syntheticDate(i: number): { takenAt: string; phrase: string } {
  const year = 2010 + (i % 10);
  const month = 1 + ((i * 7) % 12);
  const takenAt = `${year}-${String(month).padStart(2, '0')}-10T12:00:00`;
  if (month >= 6 && month <= 8) return { takenAt, phrase: `summer ${year}` };
  return { takenAt, phrase: i % 3 === 0 ? String(year) : `${MONTHS[month - 1]} ${year}` };
}

/** The photos with their captions; `placesAndDates` adds our synthetic GPS positions and taken dates. */
function catalogue(samples: Sample[], placesAndDates: boolean): { db: Database; ids: number[] } {
  const db = openDatabase(':memory:');
  const ids: number[] = [];
  db.transaction(() => {
    const folder = Number(
      db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/photos', 'x')`).run().lastInsertRowid,
    );
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, caption, caption_status, taken_at, gps_lat, gps_lon, created_at)
       VALUES (?, 1, ?, 'done', ?, ?, ?, 'x')`,
    );
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)',
    );
    samples.forEach((sample, i) => {
      const place = placesAndDates ? syntheticPlace(i) : null;
      const id = Number(
        photo.run(
          sample.image,
          sample.captions[0],
          placesAndDates ? syntheticDate(i).takenAt : null,
          place?.lat ?? null,
          place?.lon ?? null,
        ).lastInsertRowid,
      );
      file.run(folder, `/photos/IMG_${String(i).padStart(5, '0')}.jpg`, id);
      ids.push(id);
    });
  })();
  // Name every photo's place now, so both searches meet the same catalogue.
  while (hasWaitingPlaces(db)) nameWaitingPlaces(db, gazetteerFor(db));
  return { db, ids };
}

type Searcher = (db: Database, text: string) => number[] | Promise<number[]>;

const byWords: Searcher = (db, text) =>
  searchPhotos(db, { text, limit: 10, weaker: true }).items.map((item) => item.id);

function withMeaning(meaning: MeaningService): Searcher {
  return async (db, text) =>
    (await searchWithMeaning(db, { text, limit: 10, weaker: true }, meaning)).items.map((item) => item.id);
}

/** The search before this one: every word (the last as a prefix), else any word, ranked by bm25. */
const plainFts: Searcher = (db, text) => {
  const run = (match: string) =>
    db
      .prepare(
        `SELECT rowid FROM photos_fts WHERE photos_fts MATCH ?
         ORDER BY bm25(photos_fts, 10.0, 6.0, 2.0, 2.0, 2.0, 2.0), rowid DESC LIMIT 10`,
      )
      .pluck()
      .all(match) as number[];
  const all = toFtsQuery(text, 'all');
  if (all === null) return [];
  const found = run(all);
  return found.length > 0 ? found : run(toFtsQuery(text, 'any')!);
};

function threeWords(caption: string): string {
  return searchTokens(caption)
    .filter((word) => !isStopword(word))
    .slice(0, 3)
    .join(' ');
}

function sharesNoWord(query: string, stored: string): boolean {
  const storedWords = new Set(searchTokens(stored));
  return searchTokens(query).every((word) => isStopword(word) || !storedWords.has(word));
}

interface Score {
  n: number;
  at1: number;
  at10: number;
  mrr: number;
}

function score(results: Array<{ found: number[]; target: number }>): Score {
  const s: Score = { n: results.length, at1: 0, at10: 0, mrr: 0 };
  for (const { found, target } of results) {
    const rank = found.indexOf(target);
    if (rank === 0) s.at1++;
    if (rank >= 0 && rank < 10) {
      s.at10++;
      s.mrr += 1 / (rank + 1);
    }
  }
  return s;
}

const show = (s: Score) =>
  s.n === 0 ? 'no queries' : `${fmt(s.at1 / s.n, 3)} / ${fmt(s.at10 / s.n, 3)} / ${fmt(s.mrr / s.n, 3)}`;

type QueryKind = [string, (caption: string, i: number) => string];

const WORDS_ONLY: QueryKind[] = [
  ['sentence', (caption) => caption],
  ['three words', threeWords],
];
const PLACES_AND_DATES: QueryKind[] = [
  ['three words + a place', (caption, i) => `${threeWords(caption)} ${syntheticPlace(i).word}`],
  ['three words + a date', (caption, i) => `${threeWords(caption)} ${syntheticDate(i).phrase}`],
];

async function measureKinds(
  samples: Sample[],
  kinds: QueryKind[],
  placesAndDates: boolean,
): Promise<Array<[string, string]>> {
  const { db, ids } = catalogue(samples, placesAndDates);
  const meaning = createMeaningService(db);
  try {
    const started = performance.now();
    meaning.start();
    await meaning.idle();
    const status = meaning.status();
    if (status.unavailable !== null) throw new Error(`the sentence encoder failed: ${status.unavailable}`);
    const perCaption = (performance.now() - started) / Math.max(1, status.indexed);
    const lines: Array<[string, string]> = [];
    for (const [kind, toQuery] of kinds) {
      const queries = samples.map((sample, i) => ({
        text: toQuery(sample.captions[1]!, i),
        target: ids[i]!,
        noSharedWord: sharesNoWord(
          kind === 'sentence' ? sample.captions[1]! : threeWords(sample.captions[1]!),
          sample.captions[0]!,
        ),
      }));
      for (const [name, search] of [
        ['Shoebox', withMeaning(meaning)],
        ['Shoebox by words alone', byWords],
        ['plain FTS5', plainFts],
      ] as const) {
        const results: Array<(typeof queries)[number] & { found: number[] }> = [];
        for (const q of queries) results.push({ ...q, found: await search(db, q.text) });
        lines.push([`${kind}, ${name}: R@1 / R@10 / MRR@10`, show(score(results))]);
        const slice = results.filter((r) => r.noSharedWord);
        lines.push([`  sharing no word with the caption (${slice.length})`, show(score(slice))]);
      }
    }
    lines.push([`captions given their vector (ms each, in the encoder's process)`, fmt(perCaption, 1)]);
    return lines;
  } finally {
    await meaning.close();
    db.close();
  }
}

export async function measure(samples: Sample[], label: string): Promise<void> {
  const lines = [
    ...(await measureKinds(samples, WORDS_ONLY, false)),
    // Places and dates on a second catalogue, so they cannot touch the figures above.
    ...(await measureKinds(samples, PLACES_AND_DATES, true)),
  ];
  printBlock(`Search quality: Flickr8k, ${label}, ${samples.length.toLocaleString('en-US')} photos`, lines);
}

export async function main(): Promise<void> {
  const samples = loadCaptions();
  const start = performance.now();
  await measure(samples.slice(0, 1000), 'development split');
  if (process.env.BENCH_QUALITY_SMALL_ONLY !== '1') await measure(samples, 'development split');
  console.log(`  (both in ${fmt((performance.now() - start) / 1000)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
