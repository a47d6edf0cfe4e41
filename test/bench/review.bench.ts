// Review at 100,000 photos (five suggested tags each): the review queue, review by tag, a bulk accept and its
// undo, the vocabulary, a merge, a CSV export and the sidecars of one tag's photos. Each beside the bare SQL
// or file writes it builds on, in the same run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from 'better-sqlite3';
import { systemClock } from '../../electron/core/clock';
import { scopePhotoIds } from '../../electron/core/export/exportScope';
import { createExportService } from '../../electron/core/export/exportService';
import { eachAtOnce } from '../../electron/core/export/atOnce';
import { FILE_OPERATIONS_AT_ONCE, GROUP } from '../../electron/core/export/sidecarWrites';
import { newSidecar } from '../../electron/core/export/xmpSidecar';
import { ReviewService } from '../../electron/core/review/reviewService';
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

/** Where bare writes go: beside each sidecar the export writes, so both work in the same folders. */
function sidecarTargets(db: Database, photoIds: number[]): string[] {
  const paths = db
    .prepare(`SELECT path FROM files WHERE photo_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id`)
    .pluck()
    .all(JSON.stringify(photoIds)) as string[];
  return paths.map((path) => `${path}.bare`);
}

/**
 * Temp file and rename for each target, the way the export writes: a group of temp files written (and, when
 * `durable`, flushed) before they are renamed, as many file operations at once.
 */
async function bareWrites(targets: string[], xml: string, durable: boolean): Promise<void> {
  for (let start = 0; start < targets.length; start += GROUP) {
    const group = targets.slice(start, start + GROUP);
    const handles: FileHandle[] = [];
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, async (target, i) => {
      const handle = (handles[i] = await open(`${target}.tmp`, 'w'));
      await handle.writeFile(xml, 'utf8');
      if (!durable) await handle.close();
    });
    if (durable)
      await eachAtOnce(handles, FILE_OPERATIONS_AT_ONCE, async (handle) => {
        await handle.datasync();
        await handle.close();
      });
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, (target) => rename(`${target}.tmp`, target));
  }
}

function photosWith(db: Database, tag: string): number[] {
  return db.prepare(`SELECT photo_id FROM photo_tags WHERE tag = ?`).pluck().all(tag) as number[];
}

export async function main(count = Number(process.env.BENCH_REVIEW_PHOTOS ?? 100_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-review-'));
  try {
    const db = populate(join(dir, 'catalogue.sqlite'), count, seededRandom(7));
    db.prepare(`UPDATE photos SET caption_state = 'suggested', caption_origin = 'model'`).run();
    const review = new ReviewService(db, systemClock, () => undefined);

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

    // Sidecars for every photo tagged 'dog': written anew, merged into after a change of words (every one
    // rewritten), and exported again unchanged. Each beside bare writes of as many files in the same folders,
    // written the way the export writes (sidecarWrites.ts), with the same durability: new files written to a
    // temp file and renamed, replaced ones also flushed to the disk before the rename (see the README).
    rootFilesIn(db, dir);
    const scope = { search: { text: '', tag: 'dog' } };
    // The search that picks the photos is part of every such export; timed alone to show its share.
    const picking = await time(() => scopePhotoIds(db, scope));
    const targets = sidecarTargets(db, picking.result);
    const xml = newSidecar({
      caption: 'A dog on a beach at sunset.',
      tags: ['dog', 'beach', 'sunset', 'sea'],
    });
    const bareNew = await time(() => bareWrites(targets, xml, false));
    const sidecars = await time(() => exporter.sidecars(scope, 'suggestions', 'digikam'));
    review.bulkTag('dog', dogs, []);
    const bareReplace = await time(() => bareWrites(targets, xml, true));
    const merged = await time(() => exporter.sidecars(scope, 'suggestions', 'digikam'));
    const unchanged = await time(() => exporter.sidecars(scope, 'suggestions', 'digikam'));
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
        `XMP sidecars of the ${sidecars.result.written.toLocaleString('en-US')} ‘dog’ photos, new`,
        `${fmt(sidecars.ms)} ms (bare new writes of as many ${fmt(bareNew.ms)} ms, ratio ${fmt(sidecars.ms / bareNew.ms, 2)})`,
      ],
      [
        '  merged after a change of words',
        `${fmt(merged.ms)} ms (bare durable replacements ${fmt(bareReplace.ms)} ms, ratio ${fmt(merged.ms / bareReplace.ms, 2)}; beside bare new writes ${fmt(merged.ms / bareNew.ms, 2)})`,
      ],
      [
        '  exported again unchanged',
        `${fmt(unchanged.ms)} ms (read and compared, none written; ratio to bare new writes ${fmt(unchanged.ms / bareNew.ms, 2)})`,
      ],
      ['  of which the search that picks them', `${fmt(picking.ms)} ms`],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
