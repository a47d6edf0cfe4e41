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

interface ProbeResult {
  mode: string;
  baselineRssMb: number;
  rssMb: number;
  heapMb: number;
  seconds: number;
  photos?: number;
}

function buildTree(root: string, folders: number, perFolder: number): string[] {
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
function prepareCatalogue(dataDir: string, root: string, files: string[]): void {
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

function probe(
  mode: 'chokidar' | 'shoebox',
  root: string,
  dataDir: string,
  nodeFlags: string[] = [],
): ProbeResult {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', ...nodeFlags, '--import', 'tsx', 'test/bench/memoryProbe.ts', mode, root, dataDir],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 16 * 2 ** 20 },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as ProbeResult;
}

export async function main(folders = Number(process.env.BENCH_MEMORY_FOLDERS ?? 10_000), perFolder = 10) {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-memory-'));
  try {
    const root = join(scratch, 'Photos');
    const files = buildTree(root, folders, perFolder);
    prepareCatalogue(join(scratch, 'data'), root, files);
    const bare = probe('chokidar', root, join(scratch, 'data'));
    const shoebox = probe('shoebox', root, join(scratch, 'data'));
    // `npm run serve` runs with a small young generation: the walk's garbage then never inflates the heap.
    const lean = probe('shoebox', root, join(scratch, 'data'), ['--max-semi-space-size=1']);
    const perFileKb = (mb: number, base: number) => ((mb - base) * 1024) / files.length;
    printBlock(`Memory: watching ${files.length.toLocaleString('en-US')} files in ${folders} folders`, [
      [
        'bare chokidar RSS',
        `${fmt(bare.rssMb)} MB (${fmt(perFileKb(bare.rssMb, bare.baselineRssMb), 2)} KB/file, ready in ${fmt(bare.seconds)} s)`,
      ],
      [
        'Shoebox core RSS',
        `${fmt(shoebox.rssMb)} MB (${fmt(perFileKb(shoebox.rssMb, shoebox.baselineRssMb), 2)} KB/file, catch-up + watch in ${fmt(shoebox.seconds)} s, ${shoebox.photos} photos)`,
      ],
      ['JS heap in use, bare chokidar / Shoebox', `${fmt(bare.heapMb)} / ${fmt(shoebox.heapMb)} MB`],
      [
        'Shoebox, --max-semi-space-size=1 (npm run serve)',
        `${fmt(lean.rssMb)} MB (${fmt(perFileKb(lean.rssMb, lean.baselineRssMb), 2)} KB/file)`,
      ],
      [
        'ratio Shoebox / bare chokidar',
        `${fmt(shoebox.rssMb / bare.rssMb, 2)} (lean: ${fmt(lean.rssMb / bare.rssMb, 2)})`,
      ],
      [
        'projected at 200,000 photos',
        `${fmt(shoebox.baselineRssMb + 2 * (shoebox.rssMb - shoebox.baselineRssMb))} MB (lean: ${fmt(
          lean.baselineRssMb + 2 * (lean.rssMb - lean.baselineRssMb),
        )} MB)`,
      ],
    ]);
    return { bare, shoebox };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
