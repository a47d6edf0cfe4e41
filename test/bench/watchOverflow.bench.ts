// `npm run bench -- watch-overflow`: photos copied into a watched library while the watcher's inotify queue
// overflows, as copying a card into a large library can make it. Linux drops the events past the queue's
// length and @parcel/watcher skips the overflow notice, so only the library's safety net (FolderSweep) finds
// those photos. The queue's length is a system setting (fs.inotify.max_queued_events, read when a watcher
// starts): the run shortens it for the server it starts, puts it back at once, and needs root to do so.
// Baseline in the same run: the same copy with the queue as the machine has it. Through `npm run serve`'s
// HTTP API, no provider set.
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Folder } from '../../shared/types';
import { foldersMoved } from '../../electron/core/library/changedFolders';
import { startServeProcess, type ServeProcess } from '../support/serveProcess';
import { fmt, longestBlock, printBlock } from './benchSupport';
import { call } from './scaleClient';
import { encodePhoto, scaleTree } from './scaleTree';

const QUEUE_SETTING = '/proc/sys/fs/inotify/max_queued_events';
const SHORT_QUEUE = 32;
const TREE_PHOTOS = 2000;
const COPIED = Number(process.env.BENCH_OVERFLOW_PHOTOS ?? 2000);
const PATIENCE_MS = 300_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function photoCount(server: ServeProcess): Promise<number> {
  return (await call<Folder[]>(server.url, 'folders.list'))[0]?.photoCount ?? 0;
}

function canSetQueue(): boolean {
  try {
    writeFileSync(QUEUE_SETTING, readFileSync(QUEUE_SETTING, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

interface Run {
  queue: number;
  appeared: number;
  seconds: number;
  reportedByWatcher: number;
  foundByNet: number;
}

/** One copy of COPIED photos (from `staged`) into the tree's folders, with the watcher's queue at `queue`. */
async function copyIn(
  tree: { root: string; files: string[] },
  staged: string[],
  queue: number,
  scratch: string,
): Promise<Run> {
  const dataDir = join(scratch, `data-${queue}`);
  const original = readFileSync(QUEUE_SETTING, 'utf8');
  let server: ServeProcess | undefined;
  const copies: string[] = [];
  try {
    writeFileSync(QUEUE_SETTING, String(queue));
    try {
      server = await startServeProcess({ dataDir, timeoutMs: 120_000 });
      await call(server.url, 'folders.add', { path: tree.root });
      // Back as it was once the watcher took the tree in: an inotify instance keeps the length it began with.
      while ((await call<Folder[]>(server.url, 'folders.list'))[0]?.state !== 'watching') await sleep(100);
    } finally {
      writeFileSync(QUEUE_SETTING, original);
    }
    const before = await photoCount(server);
    const folders = [...new Set(tree.files.map((file) => file.slice(0, file.lastIndexOf('/'))))];
    const started = performance.now();
    staged.forEach((file, i) => {
      const dest = join(folders[i % folders.length]!, `copied-${i}.jpg`);
      copyFileSync(file, dest);
      copies.push(dest);
    });
    const deadline = Date.now() + PATIENCE_MS;
    let count = before;
    while (count < before + staged.length && Date.now() < deadline) {
      await sleep(100);
      count = await photoCount(server);
    }
    const seconds = (performance.now() - started) / 1000;
    const output = server.output();
    const reportedByWatcher = output.split('a watched folder changed').length - 1;
    const foundByNet = [...output.matchAll(/did not report \{ folderId: \d+, changes: (\d+) \}/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    return { queue, appeared: count - before, seconds, reportedByWatcher, foundByNet };
  } finally {
    await server?.stop();
    for (const copy of copies) rmSync(copy, { force: true });
  }
}

/**
 * What one look costs the main thread at scale: the safety net's pass over every folder of the scale tree
 * (BENCH_SCALE_PHOTOS, default 200,000 photos in 20,000 folders), beside a bare lstat loop over them.
 */
async function lookCost(): Promise<Array<[string, string]>> {
  const photos = Number(process.env.BENCH_SCALE_PHOTOS ?? 200_000);
  const tree = await scaleTree(photos);
  const folders = [tree.root, ...new Set(tree.files.map((file) => file.slice(0, file.lastIndexOf('/'))))];
  const times = new Map(folders.map((dir) => [dir, lstatSync(dir).mtimeMs]));
  const bareStarted = performance.now();
  for (const dir of folders) lstatSync(dir, { throwIfNoEntry: false });
  const bareMs = performance.now() - bareStarted;
  const look = await longestBlock(() => foldersMoved(times, 10_000, () => true));
  return [
    [
      `one look over ${folders.length.toLocaleString('en-US')} folders`,
      `${fmt(look.ms)} ms, the longest turn ${fmt(look.longestMs)} ms; ${look.result.moved.length} moved`,
    ],
    ['bare lstat loop over them', `${fmt(bareMs)} ms; look / bare ${fmt(look.ms / bareMs, 2)}`],
  ];
}

export async function main() {
  const title = `Watch overflow: ${COPIED.toLocaleString('en-US')} photos copied into a watched library`;
  const cost = await lookCost();
  if (process.platform !== 'linux' || !canSetQueue()) {
    printBlock(title, [...cost, ['overflow', `skipped: needs Linux and a writable ${QUEUE_SETTING} (root)`]]);
    return null;
  }
  const tree = await scaleTree(TREE_PHOTOS, 'overflow');
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-overflow-'));
  try {
    const stagedDir = join(scratch, 'staged');
    mkdirSync(stagedDir);
    const staged: string[] = [];
    for (let i = 0; i < COPIED; i++) {
      const file = join(stagedDir, `${i}.jpg`);
      writeFileSync(file, await encodePhoto(TREE_PHOTOS + 1000 + i));
      staged.push(file);
    }
    const usual = Number(readFileSync(QUEUE_SETTING, 'utf8'));
    const baseline = await copyIn(tree, staged, usual, scratch);
    const short = await copyIn(tree, staged, SHORT_QUEUE, scratch);
    const line = (run: Run): string =>
      `${run.appeared.toLocaleString('en-US')} of ${COPIED.toLocaleString('en-US')} appeared in ${fmt(run.seconds, 1)} s; ${run.reportedByWatcher.toLocaleString('en-US')} reported by the watcher, ${run.foundByNet.toLocaleString('en-US')} found by the safety net`;
    printBlock(title, [
      [`queue of ${usual.toLocaleString('en-US')} events (the machine's)`, line(baseline)],
      [`queue of ${SHORT_QUEUE} events (overflows)`, line(short)],
      ['time to all, short queue / machine', fmt(short.seconds / baseline.seconds, 1)],
      ...cost,
    ]);
    return { baseline, short };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
