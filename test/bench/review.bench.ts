// Review at 100,000 photos (five suggested tags each): the review queue, review by tag, a bulk accept and its
// undo, the vocabulary, a merge, a CSV export and the sidecars of one tag's photos. Each beside the bare SQL
// or file writes it builds on, in the same run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from 'better-sqlite3';
import { systemClock } from '../../electron/core/clock';
import { scopePhotoIds } from '../../electron/core/export/exportRecords';
import { createExportService } from '../../electron/core/export/exportService';
import { newSidecar } from '../../electron/core/export/xmpSidecar';
import { createReviewService } from '../../electron/core/review/reviewService';
import { listVocabulary } from '../../electron/core/review/vocabulary';
import { seededRandom } from '../fake-provider/faults';
import { fmt, longestBlock, percentile, printBlock } from './benchSupport';
import { populate } from './search.bench';

async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

async function p50(runs: number, fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await time(fn)).ms);
  return percentile(
    samples.sort((a, b) => a - b),
    50,
  );
}

/** The files the populated catalogue names, moved under `dir` so sidecars can be written beside them. */
function rootFilesIn(db: Database, dir: string): void {
  db.prepare(`UPDATE files SET path = ? || path`).run(dir);
  const folders = db.prepare(`SELECT DISTINCT rtrim(path, replace(path, '/', '')) FROM files`).pluck().all();
  for (const folder of folders as string[]) mkdirSync(folder, { recursive: true });
}

function photosWith(db: Database, tag: string): number[] {
  return db.prepare(`SELECT photo_id FROM photo_tags WHERE tag = ?`).pluck().all(tag) as number[];
}

export async function main(count = Number(process.env.BENCH_REVIEW_PHOTOS ?? 100_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-review-'));
  try {
    const db = populate(join(dir, 'catalogue.sqlite'), count, seededRandom(7));
    db.prepare(`UPDATE photos SET caption_state = 'suggested', caption_origin = 'model'`).run();
    const review = createReviewService(db, systemClock, () => undefined);

    const queue = await p50(20, () => review.queue({ limit: 200 }));
    const bareQueue = await p50(20, () =>
      db
        .prepare(`SELECT id FROM photos ORDER BY coalesce(taken_at, created_at) DESC, id DESC LIMIT 200`)
        .all(),
    );
    const byTag = await p50(10, () => review.byTag({ tag: 'dog', limit: 500 }));

    // Bulk accept of every 'dog' beside a bare UPDATE of every 'cat' (a tag of the same size).
    const dogs = photosWith(db, 'dog');
    const cats = photosWith(db, 'cat');
    const bulk = await time(() => review.bulkTag('dog', dogs, []));
    const bare = await time(() =>
      db.transaction(() =>
        db
          .prepare(`UPDATE photo_tags SET state = 'accepted' WHERE tag = 'cat' AND state <> 'accepted'`)
          .run(),
      )(),
    );
    const undo = await time(() => review.undo());
    const vocabulary = await p50(5, () => listVocabulary(db));
    const merge = await longestBlock(() => review.renameTag('cat', 'kitten'));

    const exporter = createExportService({
      db,
      clock: systemClock,
      dataDir: dir,
      writer: { write: () => Promise.reject(new Error('not used')), close: async () => undefined },
    });
    const csv = await time(() => exporter.table({}, 'suggestions', 'csv'));

    // Sidecars for every photo tagged 'dog', written anew and then merged into, beside bare writes of the
    // same number of new sidecars (temp file and rename, as Shoebox does).
    rootFilesIn(db, dir);
    const scope = { search: { text: '', tag: 'dog' } };
    // The search that picks the photos is part of every such export; timed alone to show its share.
    const picking = await time(() => scopePhotoIds(db, scope));
    const sidecars = await time(() => exporter.sidecars(scope, 'suggestions', 'digikam'));
    const merged = await time(() => exporter.sidecars(scope, 'suggestions', 'digikam'));
    const bareDir = join(dir, 'bare');
    mkdirSync(bareDir);
    const xml = newSidecar({
      caption: 'A dog on a beach at sunset.',
      tags: ['dog', 'beach', 'sunset', 'sea'],
    });
    const bareWrites = await time(async () => {
      for (let i = 0; i < sidecars.result.written; i++) {
        const target = join(bareDir, `IMG_${i}.jpg.xmp`);
        await writeFile(`${target}.tmp`, xml, 'utf8');
        await rename(`${target}.tmp`, target);
      }
    });
    db.close();

    printBlock(`Review: ${count.toLocaleString('en-US')} photos, five suggested tags each`, [
      [
        'review queue, first 200, p50',
        `${fmt(queue, 2)} ms (bare newest-first SELECT ${fmt(bareQueue, 2)} ms)`,
      ],
      ['review by tag (‘dog’), first 500, p50', `${fmt(byTag, 2)} ms`],
      [
        `bulk accept ‘dog’ on ${dogs.length.toLocaleString('en-US')} photos`,
        `${fmt(bulk.ms)} ms (bare UPDATE of ${cats.length.toLocaleString('en-US')} ‘cat’ rows ${fmt(bare.ms)} ms, ratio ${fmt(bulk.ms / bare.ms, 2)})`,
      ],
      ['undo of that bulk accept', `${fmt(undo.ms)} ms (${undo.result?.label ?? 'nothing'})`],
      ['vocabulary with counts, p50', `${fmt(vocabulary, 1)} ms`],
      [
        `merge ‘cat’ into ‘kitten’`,
        `${fmt(merge.ms)} ms in batches, longest block ${fmt(merge.longestMs)} ms (${merge.result.label})`,
      ],
      [
        'CSV export of the whole catalogue',
        `${fmt(csv.ms / 1000, 2)} s, ${(csv.result.content.length / 1e6).toFixed(1)} MB, ${csv.result.photos.toLocaleString('en-US')} photos`,
      ],
      [
        `XMP sidecars of the ${sidecars.result.written.toLocaleString('en-US')} ‘dog’ photos, new / merged`,
        `${fmt(sidecars.ms)} / ${fmt(merged.ms)} ms (bare writes of as many ${fmt(bareWrites.ms)} ms, ratio ${fmt(sidecars.ms / bareWrites.ms, 2)} / ${fmt(merged.ms / bareWrites.ms, 2)})`,
      ],
      ['  of which the search that picks them', `${fmt(picking.ms)} ms`],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
