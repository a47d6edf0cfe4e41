// Search quality on Flickr8k captions (the development split in ../shared/datasets/flickr8k): one person's
// caption is stored as a photo's caption, another person's caption of the same photo is the query, whole or
// cut to its first three words that are not little words (as a person types). Shoebox's search beside the
// plain FTS5 search it replaced (every word, else any word, bm25), on the same catalogue in the same run.
// Nothing here or in the search is built from these captions.
import type { Database } from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { searchPhotos, searchTokens, toFtsQuery } from '../../electron/core/catalog/index';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { isStopword } from '../../electron/core/language/stopwords';
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

function catalogue(samples: Sample[]): { db: Database; ids: number[] } {
  const db = openDatabase(':memory:');
  const ids: number[] = [];
  db.transaction(() => {
    const folder = Number(
      db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/photos', 'x')`).run().lastInsertRowid,
    );
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, caption, caption_status, created_at) VALUES (?, 1, ?, 'done', 'x')`,
    );
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)',
    );
    samples.forEach((sample, i) => {
      const id = Number(photo.run(sample.image, sample.captions[0]).lastInsertRowid);
      file.run(folder, `/photos/IMG_${String(i).padStart(5, '0')}.jpg`, id);
      ids.push(id);
    });
  })();
  return { db, ids };
}

type Searcher = (db: Database, text: string) => number[];

const shoebox: Searcher = (db, text) =>
  searchPhotos(db, { text, limit: 10, weaker: true }).items.map((item) => item.id);

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

export function measure(samples: Sample[], label: string): void {
  const { db, ids } = catalogue(samples);
  try {
    const lines: Array<[string, string]> = [];
    const kinds: Array<[string, (caption: string) => string]> = [
      ['sentence', (caption) => caption],
      ['three words', threeWords],
    ];
    for (const [kind, toQuery] of kinds) {
      const queries = samples.map((sample, i) => ({
        text: toQuery(sample.captions[1]!),
        target: ids[i]!,
        noSharedWord: sharesNoWord(toQuery(sample.captions[1]!), sample.captions[0]!),
      }));
      for (const [name, search] of [
        ['Shoebox', shoebox],
        ['plain FTS5', plainFts],
      ] as const) {
        const results = queries.map((q) => ({ ...q, found: search(db, q.text) }));
        lines.push([`${kind}, ${name}: R@1 / R@10 / MRR@10`, show(score(results))]);
        const slice = results.filter((r) => r.noSharedWord);
        lines.push([`  sharing no word with the caption (${slice.length})`, show(score(slice))]);
      }
    }
    printBlock(`Search quality: Flickr8k, ${label}, ${samples.length.toLocaleString('en-US')} photos`, lines);
  } finally {
    db.close();
  }
}

export async function main(): Promise<void> {
  const samples = loadCaptions();
  const start = performance.now();
  measure(samples.slice(0, 1000), 'development split');
  measure(samples, 'development split');
  console.log(`  (both in ${fmt((performance.now() - start) / 1000)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
