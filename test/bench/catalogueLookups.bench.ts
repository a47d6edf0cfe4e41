// Catalogue lookups: the statements a scan runs per file (a location by path, a photo by hash, a stack's
// files, a photo's file count), through the library's store, beside the same texts prepared once and held by
// the bench itself in the same run: the ratio is what the store's statement lookup costs on top of SQLite.
// Then a photo's grouping facts, a join by the photo's id, as the core prepares it (db/prepared.ts, see
// planStaysBound) beside the very text prepared as written: SQLite 3.54 prepares the latter again on every run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { prepared } from '../../electron/core/db/prepared';
import { createCatalogueStore } from '../../electron/core/library/catalogueStore';
import { saveFingerprint } from '../../electron/core/stores/groupingStore';
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
    const ids = hashes.map((hash) => store.photoIdByHash(hash)!);
    db.transaction(() => {
      for (const id of ids) saveFingerprint(db, id, { dhash: '0123456789abcdef', pixelHash: null });
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

    const facts = `SELECT p.id, p.taken_at, f.dhash, coalesce(m.leader_id, p.id) AS leader
      FROM photos p JOIN photo_fingerprints f ON f.photo_id = p.id LEFT JOIN burst_members m ON m.photo_id = p.id
      WHERE p.id = ?`;
    const asWritten = db.prepare(facts);
    const asPrepared = prepared(db, facts);
    const joinRatios: number[] = [];
    let writtenMs = 0;
    let preparedMs = 0;
    const lookUp = (statement: typeof asWritten) => () => {
      const start = performance.now();
      for (const id of ids) statement.get(id);
      return performance.now() - start;
    };
    lookUp(asWritten)();
    lookUp(asPrepared)();
    for (let round = 0; round < rounds; round++) {
      const w = lookUp(asWritten)();
      const p = lookUp(asPrepared)();
      writtenMs += w;
      preparedMs += p;
      joinRatios.push(p / w);
    }
    joinRatios.sort((a, b) => a - b);
    const joinMedian = joinRatios[Math.floor(joinRatios.length / 2)]!;
    printBlock(`A join by id (grouping's facts of a photo), ${photos} photos, ${rounds} alternating rounds`, [
      [
        'the text as written (prepared again each run)',
        `${fmt((writtenMs / rounds / photos) * 1000, 2)} µs a lookup`,
      ],
      [
        'through db/prepared.ts (planStaysBound)',
        `${fmt((preparedMs / rounds / photos) * 1000, 2)} µs a lookup`,
      ],
      ['ratio prepared / as written (median round)', fmt(joinMedian, 3)],
    ]);
    return { median, joinMedian };
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
