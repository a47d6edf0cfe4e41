// Memory: resident size of a process watching 100,000 photos in 10,000 folders, Shoebox's core (catalogue
// already built, so this is the steady state after a restart) beside bare chokidar on the same tree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { REPO_ROOT } from '../support/corpus';
import { fmt, printBlock } from './benchSupport';

export interface ProbeResult {
  mode: string;
  baselineRssMb: number;
  rssMb: number;
  heapMb: number;
  seconds: number;
  photos?: number;
}

export function buildTree(root: string, folders: number, perFolder: number): string[] {
  const files: string[] = [];
  for (let f = 0; f < folders; f++) {
    const dir = join(root, `${2000 + (f % 25)}`, `event ${String(f).padStart(5, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < perFolder; i++) {
      const file = join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
      writeFileSync(file, `photo ${f}/${i}`);
      files.push(file);
    }
  }
  return files;
}

/** The catalogue as Shoebox leaves it after captioning the tree: every file known by size and mtime. */
export function prepareCatalogue(dataDir: string, root: string, files: string[]): void {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'catalogue.sqlite'));
  const now = new Date().toISOString();
  db.transaction(() => {
    const folderId = db
      .prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)')
      .run(root, now).lastInsertRowid;
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, format, width, height, caption, caption_status, created_at)
       VALUES (?, ?, 'jpeg', 4032, 3024, ?, 'done', ?)`,
    );
    const file = db.prepare(
      'INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, ?, ?, ?)',
    );
    files.forEach((path, i) => {
      const stat = statSync(path);
      const hash = createHash('sha256').update(path).digest('hex');
      const id = photo.run(hash, stat.size, `A generated caption for photo number ${i}`, now).lastInsertRowid;
      file.run(folderId, path, stat.size, Math.trunc(stat.mtimeMs), id);
    });
  })();
  db.close();
}

/** The floor for any catch-up: listing the tree with sizes and mtimes, as `find -printf` does. */
export function timeFind(root: string): number {
  const start = performance.now();
  execFileSync('find', [root, '-printf', '%p %s %T@\\n'], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return (performance.now() - start) / 1000;
}

export function probe(
  mode: 'chokidar' | 'parcel' | 'shoebox',
  root: string,
  dataDir: string,
  nodeFlags: string[] = [],
  watcher: 'chokidar' | 'parcel' = 'parcel',
): ProbeResult {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', ...nodeFlags, '--import', 'tsx', 'test/bench/memoryProbe.ts', mode, root, dataDir],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
      env: { ...process.env, SHOEBOX_WATCHER: watcher },
    },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as ProbeResult;
}

export async function main(folders = Number(process.env.BENCH_MEMORY_FOLDERS ?? 10_000), perFolder = 10) {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-memory-'));
  try {
    const root = join(scratch, 'Photos');
    const files = buildTree(root, folders, perFolder);
    prepareCatalogue(join(scratch, 'data'), root, files);
    const data = join(scratch, 'data');
    const bare = probe('chokidar', root, data);
    const bareParcel = probe('parcel', root, data);
    // `npm run serve` runs with a small young generation: the walk's garbage then never inflates the heap.
    const lean = ['--max-semi-space-size=1'];
    const withChokidar = probe('shoebox', root, data, lean, 'chokidar');
    const shoebox = probe('shoebox', root, data, lean, 'parcel');
    const findSeconds = timeFind(root);
    const perFileKb = (r: ProbeResult) => ((r.rssMb - r.baselineRssMb) * 1024) / files.length;
    const at200k = (r: ProbeResult) =>
      r.baselineRssMb + (200_000 / files.length) * (r.rssMb - r.baselineRssMb);
    const row = (label: string, r: ProbeResult, what: string): [string, string] => [
      label,
      `${fmt(r.rssMb)} MB (${fmt(perFileKb(r), 2)} KB/file, ${what} in ${fmt(r.seconds)} s; projected at 200,000: ${fmt(at200k(r))} MB)`,
    ];
    printBlock(`Memory: watching ${files.length.toLocaleString('en-US')} files in ${folders} folders`, [
      row('bare chokidar RSS', bare, 'ready'),
      row('bare @parcel/watcher RSS', bareParcel, 'subscribed'),
      row('Shoebox core, chokidar', withChokidar, 'catch-up + watch'),
      row('Shoebox core, @parcel/watcher (Linux default)', shoebox, 'catch-up + watch'),
      [
        'JS heap in use, Shoebox chokidar / parcel',
        `${fmt(withChokidar.heapMb)} / ${fmt(shoebox.heapMb)} MB`,
      ],
      ['ratio Shoebox parcel / chokidar RSS', fmt(shoebox.rssMb / withChokidar.rssMb, 2)],
      [
        'catch-up (unchanged tree) / find -printf',
        `${fmt(shoebox.seconds)} s / ${fmt(findSeconds, 2)} s = ${fmt(shoebox.seconds / findSeconds, 1)}x (target <= 3x)`,
      ],
    ]);
    return { bare, shoebox };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
