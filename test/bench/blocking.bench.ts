// Long library work over a 100,000-photo folder through the core's API, as the window asks for it, with no
// provider set: a rescan (every file listed and compared, every photo's own words read again) and the folder's
// removal, each with the longest time the event loop was held and its p99 turn; beside the same work done in
// one go in the same run (a bare synchronous walk and lstat of the tree; the removal as one SQL transaction on
// a copy of the catalogue). Then the reads the window makes at that size, timed one by one.
// `npm run bench -- blocking`; BENCH_BLOCKING_PHOTOS (default 100,000) sizes the tree (test/bench/scaleTree.ts,
// generated once and kept in the temp folder); BENCH_RUNQUEUE=1 (Linux) also takes out of each block the time
// the thread waited for a core, which on a loaded machine is most of a long one. BENCH_BLOCKING_READS_ONLY=1 times
// the reads alone (no rescan, no removal, no baselines for them).
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { Api } from '../../shared/contract';
import type { Database } from 'better-sqlite3';
import type { Folder, ScanProgress } from '../../shared/types';
import { createCore } from '../../electron/core/createCore';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { dhashBands } from '../../electron/core/grouping/dhashBands';
import { ENCODER_NAME } from '../../electron/core/meaning/meaningService';
import { silentLog } from '../../electron/core/log';
import { seededRandom } from '../fake-provider/faults';
import { fmt, longestBlock, percentile, printBlock } from './benchSupport';
import { prebuiltReferenceData } from './referenceData';
import { scaleTree } from './scaleTree';
import { populate } from './search.bench';

type Timed = Awaited<ReturnType<typeof longestBlock>>;

const blockLine = (t: Timed) =>
  `${fmt(t.ms)} / ${fmt(t.longestMs)} / ${fmt(t.p99Ms)} ms, main-thread CPU in one turn at most ${fmt(t.longestCpuMs)} ms` +
  (t.longestOwnMs === null ? '' : `, longest block less the wait for a core ${fmt(t.longestOwnMs)} ms`);

/** The calls the window makes at start and after every change, each timed `rounds` times. */
async function timeReads(
  api: Api,
  folderId: number,
  count: number,
  rounds = 5,
): Promise<Array<[string, string]>> {
  const lastPage = Math.max(0, count - 500);
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['folders.list', () => api['folders.list']({})],
    ['queue.status', () => api['queue.status']({})],
    ['spend.report', () => api['spend.report']({})],
    ['photos.search (newest first)', () => api['photos.search']({ text: '', limit: 60 })],
    ['review.queue', () => api['review.queue']({ limit: 60 })],
    ['review.queue (one folder)', () => api['review.queue']({ folderId, limit: 60 })],
    ['review.byTag', () => api['review.byTag']({ tag: 'photo', limit: 60 })],
    // The window reads every page of 500 by offset; the last is the dearest.
    [
      'review.byTag (last page of 500)',
      () => api['review.byTag']({ tag: 'photo', offset: lastPage, limit: 500 }),
    ],
    ['vocabulary.list', () => api['vocabulary.list']({})],
  ];
  const lines: Array<[string, string]> = [];
  for (const [name, call] of calls) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await call();
      times.push(performance.now() - started);
    }
    const first = times[0]!;
    times.sort((a, b) => a - b);
    lines.push([
      `  ${name}: first / median / max`,
      `${fmt(first)} / ${fmt(percentile(times, 50))} / ${fmt(times.at(-1)!)} ms`,
    ]);
  }
  return lines;
}

/** Every file under `root`, listed and lstat'ed in one synchronous go: the floor of a walk, blocking throughout. */
function bareWalk(root: string): number {
  let files = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    lstatSync(join(entry.parentPath, entry.name));
    files++;
  }
  return files;
}

/** The removal done in one go: every file row, every photo left without one, and the folder, one transaction. */
function removeAtOnce(path: string, folderId: number): number {
  const db = openDatabase(path);
  try {
    return db.transaction(() => {
      db.prepare('DELETE FROM files WHERE folder_id = ?').run(folderId);
      const photos = db
        .prepare('DELETE FROM photos WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = photos.id)')
        .run().changes;
      db.prepare('DELETE FROM folders WHERE id = ?').run(folderId);
      return photos;
    })();
  } finally {
    db.close();
  }
}

/**
 * What a finished first scan and the background work after it leave beside each photo: its fingerprint (else
 * the grouping backfill would make 100,000 thumbnails during the benchmark) and its caption's vector (else the
 * indexer would encode 100,000 captions), and the catalogue marked as scanned to its end.
 */
function asAfterFirstScan(db: Database): void {
  const fingerprint = db.prepare(
    `INSERT INTO photo_fingerprints (photo_id, dhash, band0, band1, band2, band3, band4) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const id of db.prepare('SELECT id FROM photos').pluck().all() as number[]) {
      // Far apart from one another: no two are look-alikes.
      const dhash = ((BigInt(id) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn).toString(16).padStart(16, '0');
      fingerprint.run(id, dhash, ...dhashBands(dhash));
    }
    db.exec(`INSERT INTO caption_vectors (photo_id, encoder, code, vector, scale)
      SELECT id, '${ENCODER_NAME}', randomblob(64), randomblob(512), 0.0006 FROM photos`);
    db.exec('DELETE FROM meaning_queue');
    db.exec(`UPDATE folders SET scan_done_at = '2026-01-01T00:00:00Z', large_tree_ok = 1`);
  })();
}

function scanDone(core: Awaited<ReturnType<typeof createCore>>, folderId: number): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name !== 'scan.progress') return;
      const progress = payload as ScanProgress;
      if (progress.folderId === folderId && progress.phase === 'done') {
        unsubscribe();
        resolve();
      }
    });
  });
}

async function watching(api: Api, folderId: number): Promise<Folder> {
  for (;;) {
    const folder = (await api['folders.list']({})).find((f) => f.id === folderId);
    if (folder && folder.state !== 'scanning') return folder;
    await sleep(100);
  }
}

async function timeReadsAlone(dataDir: string, folderId: number, count: number): Promise<void> {
  const core = await createCore({ dataDir, env: {}, mode: 'browser', log: silentLog });
  try {
    await watching(core.api, folderId);
    const reads = await timeReads(core.api, folderId, count);
    printBlock(`Reads the window makes at ${count.toLocaleString('en-US')} photos (5 calls each)`, reads);
  } finally {
    await core.stop();
  }
}

export async function main(count = Number(process.env.BENCH_BLOCKING_PHOTOS ?? 100_000)) {
  await prebuiltReferenceData();
  const tree = await scaleTree(count);
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-blocking-'));
  try {
    const dataDir = join(scratch, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const catalogue = join(dataDir, 'catalogue.sqlite');
    // As a finished first scan leaves it: every file recorded with its size and mtime, every photo captioned.
    const db = populate(catalogue, count, seededRandom(7), {
      folder: tree.root,
      file: (i) => {
        const path = tree.files[i]!;
        const look = lstatSync(path);
        return { path, size: look.size, mtimeMs: Math.floor(look.mtimeMs) };
      },
    });
    asAfterFirstScan(db);
    const folderId = db.prepare('SELECT id FROM folders').pluck().get() as number;
    db.close();
    const copy = join(scratch, 'baseline.sqlite');
    copyFileSync(catalogue, copy);

    const readsOnly = process.env.BENCH_BLOCKING_READS_ONLY === '1';
    if (readsOnly) {
      await timeReadsAlone(dataDir, folderId, count);
      return;
    }
    const walkAtOnce = await longestBlock(async () => bareWalk(tree.root));
    const removedAtOnce = await longestBlock(async () => removeAtOnce(copy, folderId));

    const started = performance.now();
    const core = await createCore({ dataDir, env: {}, mode: 'browser', log: silentLog });
    try {
      const { api } = core;
      const catchUp = await longestBlock(() => watching(api, folderId));
      const catchUpMs = performance.now() - started;
      const reads = await timeReads(api, folderId, count);

      const rescan = await longestBlock(async () => {
        const done = scanDone(core, folderId);
        await api['folders.rescan']({ id: folderId });
        await done;
        return watching(api, folderId);
      });
      await sleep(500);
      const removal = await longestBlock(() => api['folders.remove']({ id: folderId }));
      const left = (await api['folders.list']({})).length;
      const n = count.toLocaleString('en-US');

      printBlock(`Library work over one folder of ${n} photos (total / longest block / p99 turn; CPU)`, [
        [
          'catch-up at start (core created to watching)',
          `${fmt(catchUpMs)} ms; from the core's return: ${blockLine(catchUp)}`,
        ],
        [
          'rescan (now): walk, compare, every photo reads its own words again',
          `${blockLine(rescan)} (${rescan.result.photoCount.toLocaleString('en-US')} photos after)`,
        ],
        [
          '  baseline: bare synchronous readdir + lstat of the tree, in one go',
          `${blockLine(walkAtOnce)} (${walkAtOnce.result.toLocaleString('en-US')} files; rescan's longest block ${fmt(rescan.longestMs / walkAtOnce.longestMs, 3)} of it)`,
        ],
        ['folder removal (now), through folders.remove', `${blockLine(removal)} (${left} folders left)`],
        [
          '  baseline: one SQL transaction (files, orphaned photos, folder)',
          `${blockLine(removedAtOnce)} (${removedAtOnce.result.toLocaleString('en-US')} photos; removal's longest block ${fmt(removal.longestMs / removedAtOnce.longestMs, 3)} of it)`,
        ],
        [`reads the window makes at ${n} photos (5 calls each)`, ''],
        ...reads,
      ]);
    } finally {
      await core.stop();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
