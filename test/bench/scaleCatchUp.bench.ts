// Catch-up: a restart over a catalogued library with one file changed while Shoebox was closed, timed from the
// core's start to every folder watching, beside `find -printf` over the same tree timed just before and after
// (the same-run baseline). The tree and its first scan are made once and kept in the temp folder, so each run
// times only the restart: `npm run bench -- scale-catchup`, sized by BENCH_SCALE_PHOTOS (default 20,000),
// BENCH_CATCHUP_RUNS runs (default 3). BENCH_CPU_PROF=DIR writes a V8 CPU profile of each catch-up there.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../support/corpus';
import { SERVE_NODE_FLAGS } from '../support/serveProcess';
import { fmt, printBlock } from './benchSupport';
import { probe, timeFind } from './memory.bench';
import { encodePhoto, scaleTree } from './scaleTree';

interface ProbeOutput {
  seconds: number;
  cpuSeconds: number;
  /** The main thread's own share of cpuSeconds (the rest: @parcel/watcher's crawl, the thread pool, GC helpers). */
  mainCpuSeconds?: number;
  /** The longest the event loop went without a turn after the core's start, until every folder watched. */
  longestBlockMs: number;
  photos?: number;
}

/** CPU seconds (user + system) of one `find -printf` over `root`, from the shell's 10 ms clock over a few runs. */
function findCpuSeconds(root: string, runs = 5): number {
  const script = `for i in $(seq ${runs}); do find "$1" -printf '%p %s %T@\\n' > /dev/null; done; times`;
  const lines = execFileSync('sh', ['-c', script, 'sh', root], { encoding: 'utf8' }).trim().split('\n');
  const seconds = (text: string) => {
    const [, min, sec] = /(\d+)m([\d.]+)s/.exec(text)!;
    return Number(min) * 60 + Number(sec);
  };
  const [user, system] = lines.at(-1)!.trim().split(/\s+/);
  return (seconds(user!) + seconds(system!)) / runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function runProbe(mode: 'ingest' | 'catch-up', root: string, dataDir: string): ProbeOutput {
  const profileDir = process.env.BENCH_CPU_PROF;
  const profile =
    profileDir && mode === 'catch-up' ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [];
  const output = execFileSync(
    process.execPath,
    [...SERVE_NODE_FLAGS, ...profile, '--import', 'tsx', 'test/bench/catchUpProbe.ts', mode, root, dataDir],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
      env: { ...process.env, SHOEBOX_WATCHER: process.env.SHOEBOX_WATCHER ?? 'parcel' },
    },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as ProbeOutput;
}

/** The catalogue after the tree's first scan, made once and kept beside the tree. */
function catalogued(root: string, photos: number): string {
  const dataDir = join(tmpdir(), `shoebox-bench-catchup-${photos}-v1-data`);
  const marker = `${dataDir}.done`;
  if (existsSync(marker)) return dataDir;
  rmSync(dataDir, { recursive: true, force: true });
  const first = runProbe('ingest', root, dataDir);
  console.log(`  (first scan of ${photos.toLocaleString('en-US')} photos took ${fmt(first.seconds)} s)`);
  writeFileSync(marker, String(photos));
  return dataDir;
}

type Change = 'same size, new mtime' | 'same mtime, new size' | 'new bytes';
const CHANGES: Change[] = ['same size, new mtime', 'same mtime, new size', 'new bytes'];

/** Changes `path` as `change` says, the way a closed Shoebox would miss it. */
async function changeFile(path: string, change: Change, seed: number): Promise<void> {
  const before = statSync(path);
  if (change === 'same size, new mtime') {
    utimesSync(path, before.atime, new Date(before.mtimeMs + 3_600_000));
    return;
  }
  let bytes = await encodePhoto(seed);
  if (change === 'same mtime, new size') {
    if (bytes.length === before.size) bytes = Buffer.concat([bytes, Buffer.from([0])]);
    writeFileSync(path, bytes);
    // The catalogue keeps whole milliseconds: the same whole millisecond is the same mtime to it.
    utimesSync(path, before.atime, new Date(Math.floor(before.mtimeMs)));
  } else writeFileSync(path, bytes);
}

/** True when the catalogue holds the file as it is on disk now: its size, mtime and hash. */
function catalogueHolds(dataDir: string, path: string): boolean {
  const db = new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare(
        'SELECT f.size, f.mtime_ms AS mtimeMs, p.hash FROM files f JOIN photos p ON p.id = f.photo_id WHERE f.path = ?',
      )
      .get(path) as { size: number; mtimeMs: number; hash: string } | undefined;
    const stats = statSync(path);
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
    return row?.size === stats.size && row.mtimeMs === Math.floor(stats.mtimeMs) && row.hash === hash;
  } finally {
    db.close();
  }
}

export async function main(
  photos = Number(process.env.BENCH_SCALE_PHOTOS ?? 20_000),
  runs = Number(process.env.BENCH_CATCHUP_RUNS ?? 3),
) {
  const tree = await scaleTree(photos, 'catchup');
  const dataDir = catalogued(tree.root, photos);
  const lines: Array<[string, string]> = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const best = { catchUp: Infinity, find: Infinity, catchUpCpu: Infinity, findCpu: Infinity };
  for (let run = 0; run < runs; run++) {
    const change = CHANGES[run % CHANGES.length]!;
    const changed = tree.files[(run * 7919 + Math.floor(photos / 3)) % photos]!;
    await changeFile(changed, change, photos + 100 + run);
    execFileSync('sync');
    const findBefore = timeFind(tree.root);
    const catchUp = runProbe('catch-up', tree.root, dataDir);
    const findAfter = timeFind(tree.root);
    const findCpu = findCpuSeconds(tree.root);
    const parcel = probe('parcel', tree.root, dataDir);
    const find = (findBefore + findAfter) / 2;
    ratios.push(catchUp.seconds / find);
    best.catchUp = Math.min(best.catchUp, catchUp.seconds);
    best.find = Math.min(best.find, findBefore, findAfter);
    best.catchUpCpu = Math.min(best.catchUpCpu, catchUp.cpuSeconds);
    best.findCpu = Math.min(best.findCpu, findCpu);
    cpuRatios.push(catchUp.cpuSeconds / findCpu);
    const found = catalogueHolds(dataDir, changed) ? 'found and re-read' : 'MISSED';
    lines.push([
      `run ${run + 1} (${change})`,
      `catch-up ${fmt(catchUp.seconds, 2)} s, find ${fmt(find, 2)} s: ratio ${fmt(catchUp.seconds / find, 1)}` +
        ` (target <= 3); CPU ${fmt(catchUp.cpuSeconds, 2)} s beside find's ${fmt(findCpu, 3)} s: ratio` +
        ` ${fmt(catchUp.cpuSeconds / findCpu, 1)} (main thread ${fmt(catchUp.mainCpuSeconds ?? NaN, 2)} s); event loop held at most ${fmt(catchUp.longestBlockMs, 0)} ms; bare @parcel/watcher subscribe ${fmt(parcel.seconds, 2)} s;` +
        ` changed file ${found}`,
    ]);
  }
  lines.push([
    'catch-up / find, every run',
    `wall ${ratios.map((r) => fmt(r, 1)).join(' · ')} (median ${fmt(median(ratios), 1)}); ` +
      `CPU ${cpuRatios.map((r) => fmt(r, 1)).join(' · ')} (median ${fmt(median(cpuRatios), 1)})`,
  ]);
  // The fastest of each is the one least slowed by whatever else the machine ran meanwhile.
  lines.push([
    'best catch-up / best find',
    `wall ${fmt(best.catchUp, 2)} / ${fmt(best.find, 2)} s = ${fmt(best.catchUp / best.find, 1)}; ` +
      `CPU ${fmt(best.catchUpCpu, 2)} / ${fmt(best.findCpu, 3)} s = ${fmt(best.catchUpCpu / best.findCpu, 1)}`,
  ]);
  printBlock(
    `Catch-up: ${photos.toLocaleString('en-US')} photos in ${tree.folders.toLocaleString('en-US')} folders, one changed while closed`,
    lines,
  );
  return { ratios, cpuRatios, best };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
