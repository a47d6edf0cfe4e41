// The path a list shows for each photo of a page: the store's SUMMARY_COLUMNS (the first readable file that
// is not a RAW, else the first readable file) beside the plain first readable file by id, the text before
// RAW+JPEG pairs were named by their JPEG, held by the bench in the same run. The ratio is what naming pairs
// right costs per page. A tenth of the photos are pairs, half of them with the RAW found first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { SUMMARY_COLUMNS } from '../../electron/core/stores/photosStore';
import { fmt, percentile, printBlock } from './benchSupport';

const BY_ID = `p.id, p.hash, p.width, p.height, p.taken_at, p.caption, p.caption_status,
  (SELECT f.path FROM files f WHERE f.photo_id = p.id AND f.error IS NULL ORDER BY f.id LIMIT 1) AS path`;
const PAGE = 100;

export async function main(
  photos = Number(process.env.BENCH_SUMMARY_PHOTOS ?? 20_000),
  rounds = Number(process.env.BENCH_SUMMARY_ROUNDS ?? 30),
) {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-summary-'));
  const db = openDatabase(join(scratch, 'catalogue.db'));
  try {
    db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 'now')`).run();
    const photo = db.prepare(`INSERT INTO photos (hash, bytes, created_at) VALUES (?, 1, 'now')`);
    const file = db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 1, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < photos; i++) {
        const id = Number(photo.run(`hash-${i}`).lastInsertRowid);
        const pair = i % 10 === 0;
        if (pair && i % 20 === 0) file.run(`/photos/IMG_${i}.CR2`, id);
        file.run(`/photos/IMG_${i}.JPG`, id);
        if (pair && i % 20 !== 0) file.run(`/photos/IMG_${i}.CR2`, id);
      }
    })();
    const page = (columns: string) =>
      db.prepare(`SELECT ${columns} FROM photos p ORDER BY p.id DESC LIMIT ${PAGE} OFFSET ?`);
    const viaStore = page(SUMMARY_COLUMNS);
    const held = page(BY_ID);
    const pages = Math.floor(photos / PAGE);
    const timeRound = (statement: ReturnType<typeof page>) => {
      const start = performance.now();
      for (let n = 0; n < pages; n++) statement.all(n * PAGE);
      return ((performance.now() - start) / pages) * 1000;
    };
    const storeUs: number[] = [];
    const heldUs: number[] = [];
    // Alternate, so both meet the same cache and the same load from the rest of the machine.
    for (let round = 0; round < rounds; round++) {
      storeUs.push(timeRound(viaStore));
      heldUs.push(timeRound(held));
    }
    storeUs.sort((a, b) => a - b);
    heldUs.sort((a, b) => a - b);
    const named = (statement: ReturnType<typeof page>) =>
      Array.from({ length: pages }, (_, n) => statement.all(n * PAGE) as Array<{ path: string }>)
        .flat()
        .filter((row) => row.path.endsWith('.CR2')).length;
    printBlock(`Paths of a page of ${PAGE}: ${photos} photos, a tenth RAW+JPEG pairs, ${rounds} rounds`, [
      ['through the store, p50 per page', `${fmt(percentile(storeUs, 50), 1)} µs`],
      ['first readable file by id (baseline), p50', `${fmt(percentile(heldUs, 50), 1)} µs`],
      ['ratio store / baseline, p50', fmt(percentile(storeUs, 50) / percentile(heldUs, 50), 2)],
      ['pairs named by their RAW (store / baseline)', `${named(viaStore)} / ${named(held)}`],
    ]);
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
