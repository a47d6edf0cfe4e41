// What migration 073's triggers and index (review_pending, photo_tags.newest, unreadable_photos) cost the
// writes they follow: filling a catalogue (a photo, its file and the model's five tags each, the tags through
// the store as captioning writes them) and one state change on every photo's tag, with them and, in the same
// run, with the triggers and the photo_tags_review index dropped.
// `npm run bench -- review-reads-writes`; BENCH_REVIEW_READS_PHOTOS (default 20,000) sizes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { replaceSuggestedTags } from '../../electron/core/stores/tagsStore';
import { seededRandom } from '../fake-provider/faults';
import { fmt, percentile, printBlock } from './benchSupport';

const TRIGGERS = [
  'review_reads_photo_insert',
  'review_reads_photo_update',
  'review_reads_photo_delete',
  'review_reads_tag_newest',
  'review_reads_tag_insert',
  'review_reads_tag_delete',
  'review_reads_tag_update',
  'review_reads_file_insert',
  'review_reads_file_delete',
  'review_reads_file_update',
];

const WORDS = ['dog', 'beach', 'tree', 'car', 'sky', 'grass', 'cat', 'house', 'snow', 'boat', 'road', 'lake'];

function fillCatalogue(db: Database, count: number): void {
  const random = seededRandom(7);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  db.transaction(() => {
    const folder = Number(
      db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/photos', 'x')`).run().lastInsertRowid,
    );
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, taken_at, caption, caption_status, caption_state, created_at)
       VALUES (?, 1, ?, 'A photo', 'done', 'suggested', '2026-01-01T00:00:00Z')`,
    );
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)',
    );
    for (let i = 0; i < count; i++) {
      const year = 2005 + Math.floor(random() * 20);
      const id = Number(photo.run(`h${i}`, `${year}-06-15T12:00:00`).lastInsertRowid);
      file.run(folder, `/photos/${year}/IMG_${String(i).padStart(6, '0')}.jpg`, id);
      const tags = [...new Set([pick(), pick(), pick(), pick(), 'photo'])];
      replaceSuggestedTags(db, id, tags, { model: 'm', promptVersion: 1, at: '2026-01-01T00:00:00Z' });
    }
  })();
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** One round in a fresh catalogue: the fill, then every 'photo' tag accepted and set back to suggested. */
function round(dir: string, count: number, withTriggers: boolean): { fill: number; verdicts: number } {
  const path = join(dir, `catalogue-${withTriggers ? 'with' : 'without'}.sqlite`);
  rmSync(path, { force: true });
  let db: Database | undefined;
  try {
    db = openDatabase(path);
    if (!withTriggers) {
      for (const name of TRIGGERS) db.exec(`DROP TRIGGER ${name}`);
      db.exec('DROP INDEX photo_tags_review');
    }
    const fill = timed(() => fillCatalogue(db!, count));
    const open = db;
    const verdicts = timed(() =>
      open.transaction(() => {
        open.exec(`UPDATE photo_tags SET state = 'accepted' WHERE tag = 'photo'`);
        open.exec(`UPDATE photo_tags SET state = 'suggested' WHERE tag = 'photo'`);
      })(),
    );
    return { fill, verdicts };
  } finally {
    db?.close();
  }
}

export async function main(count = Number(process.env.BENCH_REVIEW_READS_PHOTOS ?? 20_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-review-reads-'));
  try {
    const runs: Record<'with' | 'without', { fill: number[]; verdicts: number[] }> = {
      with: { fill: [], verdicts: [] },
      without: { fill: [], verdicts: [] },
    };
    // Alternated, so the machine's load falls on both alike.
    for (let i = 0; i < 3; i++) {
      for (const side of ['without', 'with'] as const) {
        const r = round(dir, count, side === 'with');
        runs[side].fill.push(r.fill);
        runs[side].verdicts.push(r.verdicts);
      }
    }
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    const n = count.toLocaleString('en-US');
    const line = (what: 'fill' | 'verdicts') => {
      const withMs = median(runs.with[what]);
      const withoutMs = median(runs.without[what]);
      return `${fmt(withMs)} ms with, ${fmt(withoutMs)} ms without (medians of 3): ${fmt(withMs / withoutMs, 3)}`;
    };
    printBlock(`Migration 073's triggers on writes, ${n} photos`, [
      [`fill: ${n} photos, a file and five tags each, one transaction`, line('fill')],
      [
        `one verdict on every photo's tag and back (${(2 * count).toLocaleString('en-US')} updates)`,
        line('verdicts'),
      ],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
