// Search latency at 100,000 captioned photos (generated text): searchPhotos (ranking, highlight, filters,
// count, file name) beside the bare FTS5 MATCH of the same words, in the same run.
import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { searchPhotos, toFtsQuery } from '../../electron/core/catalog/index';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { seededRandom } from '../fake-provider/faults';
import { fmt, percentile, printBlock } from './benchSupport';

const SUBJECTS =
  'dog cat child woman man bicycle boat castle bridge tree flower bee bird car train beach mountain lake forest street market kitchen garden cake horse sheep church tower river snow field'.split(
    ' ',
  );
const ADJECTIVES =
  'red blue green golden small large old young sunny rainy misty bright dark wooden stone colourful quiet busy'.split(
    ' ',
  );
const PLACES =
  'on a beach|in a park|at sunset|under a blue sky|beside a river|in the snow|on a city street|in a forest|at night|in a kitchen|on a mountain path|near the harbour'.split(
    '|',
  );

/** A catalogue of `count` captioned photos with five tags each, as a model would have left it. */
export function populate(path: string, count: number, random: () => number): Database {
  const db = openDatabase(path);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  db.transaction(() => {
    const folder = Number(
      db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/photos', 'x')`).run().lastInsertRowid,
    );
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, width, height, taken_at, camera_make, camera_model, caption, caption_status, created_at)
       VALUES (?, 1, 4032, 3024, ?, 'Apple', 'iPhone 12', ?, 'done', '2026-01-01T00:00:00Z')`,
    );
    const tag = db.prepare('INSERT OR IGNORE INTO photo_tags (photo_id, tag) VALUES (?, ?)');
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)',
    );
    for (let i = 0; i < count; i++) {
      const subject = pick(SUBJECTS);
      const other = pick(SUBJECTS);
      const caption = `A ${pick(ADJECTIVES)} ${subject} ${pick(PLACES)}, with a ${pick(ADJECTIVES)} ${other} nearby.`;
      const year = 2005 + Math.floor(random() * 20);
      const id = Number(photo.run(`h${i}`, `${year}-06-15T12:00:00`, caption).lastInsertRowid);
      for (const t of [subject, other, pick(ADJECTIVES), pick(SUBJECTS), 'photo']) tag.run(id, t);
      file.run(folder, `/photos/${year}/IMG_${String(i).padStart(6, '0')}.jpg`, id);
    }
  })();
  return db;
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function main(count = Number(process.env.BENCH_SEARCH_PHOTOS ?? 100_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-search-'));
  try {
    const random = seededRandom(99);
    const buildStart = performance.now();
    const db = populate(join(dir, 'catalogue.sqlite'), count, random);
    const buildSeconds = (performance.now() - buildStart) / 1000;
    const queries = Array.from({ length: 200 }, (_, i) => {
      const words = [SUBJECTS[i % SUBJECTS.length]!];
      if (i % 2 === 0) words.push(PLACES[i % PLACES.length]!.split(' ').at(-1)!);
      if (i % 5 === 0) words.push(ADJECTIVES[i % ADJECTIVES.length]!.slice(0, 3));
      return words.join(' ');
    });
    const bare = db.prepare(
      `SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? ORDER BY bm25(photos_fts, 10.0, 6.0, 2.0, 2.0, 2.0, 2.0) LIMIT 100`,
    );
    for (const q of queries.slice(0, 20)) {
      searchPhotos(db, { text: q });
      bare.all(toFtsQuery(q));
    }
    const shoebox: number[] = [];
    const direct: number[] = [];
    for (const q of queries) {
      direct.push(time(() => bare.all(toFtsQuery(q))));
      shoebox.push(time(() => searchPhotos(db, { text: q })));
    }
    const newest = Array.from({ length: 50 }, () => time(() => searchPhotos(db, { text: '' })));
    db.close();
    shoebox.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);
    newest.sort((a, b) => a - b);
    printBlock(`Search: ${count.toLocaleString('en-US')} captioned photos, ${queries.length} queries`, [
      ['catalogue built in', `${fmt(buildSeconds)} s`],
      [
        'searchPhotos p50 / p95',
        `${fmt(percentile(shoebox, 50), 2)} / ${fmt(percentile(shoebox, 95), 2)} ms`,
      ],
      [
        'bare FTS5 MATCH p50 / p95',
        `${fmt(percentile(direct, 50), 2)} / ${fmt(percentile(direct, 95), 2)} ms`,
      ],
      [
        'ratio p50 / p95',
        `${fmt(percentile(shoebox, 50) / percentile(direct, 50), 2)} / ${fmt(percentile(shoebox, 95) / percentile(direct, 95), 2)}`,
      ],
      [
        'empty query (newest) p50 / p95',
        `${fmt(percentile(newest, 50), 2)} / ${fmt(percentile(newest, 95), 2)} ms`,
      ],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
