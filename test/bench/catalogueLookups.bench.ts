// Catalogue lookups: the statements a scan runs per file (a location by path, a photo by hash, a stack's
// files, a photo's file count), through the library's store, beside the same texts prepared once and held by
// the bench itself in the same run: the ratio is what the store's statement lookup costs on top of SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { createCatalogueStore } from '../../electron/core/library/catalogueStore';
import { bareMetadata } from '../support/libraryHarness';
import { fmt, printBlock } from './benchSupport';

const NO_METADATA = bareMetadata('jpeg', 100, 100);

export async function main(
  photos = Number(process.env.BENCH_LOOKUP_PHOTOS ?? 5000),
  rounds = Number(process.env.BENCH_LOOKUP_ROUNDS ?? 5),
) {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-lookups-'));
  const db = openDatabase(join(scratch, 'catalogue.db'));
  try {
    const store = createCatalogueStore(db);
    const folder = store.insertFolder(join(scratch, 'photos'), new Date().toISOString());
    const paths: string[] = [];
    const hashes: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < photos; i++) {
        const path = join(folder.path, `IMG_${i}.jpg`);
        const hash = `hash-${i}`;
        store.insertPhotoWithJob(
          { folderId: folder.id, path, size: 1000, mtimeMs: i },
          hash,
          'jpeg',
          NO_METADATA,
          '',
        );
        paths.push(path);
        hashes.push(hash);
      }
    })();

    const held = {
      byPath: db.prepare('SELECT * FROM files WHERE path = ?'),
      byHash: db.prepare('SELECT id FROM photos WHERE hash = ?').pluck(),
      stack: db.prepare(
        'SELECT path, photo_id FROM files WHERE path >= ? AND path < ? AND photo_id IS NOT NULL AND error IS NULL',
      ),
      count: db.prepare('SELECT count(*) FROM files WHERE photo_id = ?').pluck(),
    };
    const bare = (i: number) => {
      const stem = paths[i]!.slice(0, -4);
      held.byPath.get(paths[i]);
      const id = held.byHash.get(hashes[i]) as number;
      held.stack.all(stem, `${stem}\uffff`);
      held.count.get(id);
    };
    const viaStore = (i: number) => {
      const stem = paths[i]!.slice(0, -4);
      store.fileByPath(paths[i]!);
      const id = store.photoIdByHash(hashes[i]!)!;
      store.photoFilesStartingWith(stem);
      store.fileCountOfPhoto(id);
    };

    const time = (run: (i: number) => void) => {
      const start = performance.now();
      for (let i = 0; i < photos; i++) run(i);
      return performance.now() - start;
    };
    time(bare);
    time(viaStore);
    const ratios: number[] = [];
    let bareMs = 0;
    let storeMs = 0;
    for (let round = 0; round < rounds; round++) {
      const b = time(bare);
      const s = time(viaStore);
      bareMs += b;
      storeMs += s;
      ratios.push(s / b);
    }
    ratios.sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    printBlock(`Catalogue lookups: 4 statements per file, ${photos} files, ${rounds} alternating rounds`, [
      ['statements held by the bench', `${fmt((bareMs / rounds / photos) * 1000, 2)} µs per file`],
      ['through CatalogueStore', `${fmt((storeMs / rounds / photos) * 1000, 2)} µs per file`],
      ['ratio store / held (median round)', fmt(median, 3)],
    ]);
    return { median };
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
