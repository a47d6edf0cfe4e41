// A model's answer stored (its caption and ten tags) on the main thread, with the photo's search document held
// (migration 077: one full-text write for the answer) beside the same rows written without the hold (one
// write per tag and one for the caption), alternating in rounds on one real catalogue. Main-thread CPU per
// answer, each in its own transaction as the caption queue writes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { createCatalogueStore } from '../../electron/core/library/catalogueStore';
import { storeModelSuggestion, writeSuggestionRows } from '../../electron/core/review/modelOutput';
import { bareMetadata } from '../support/libraryHarness';
import { fmt, printBlock, threadCpuMs } from './benchSupport';

const WORDS = ['boat', 'harbour', 'lighthouse', 'sea', 'dusk', 'fishing', 'net', 'pier', 'gull', 'rope'];
const PER_ROUND = 400;

function answer(k: number) {
  return {
    caption: `Fishing boat number ${k} at dusk beside the old pier`,
    tags: [...WORDS.slice(k % 4), ...['castle', 'hill', 'tree', 'dog'].slice(0, k % 4)],
    model: 'pixtral-12b',
    promptVersion: 1,
    at: 'now',
  };
}

export async function main(rounds = Number(process.env.BENCH_ANSWER_ROUNDS ?? 6)) {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-answers-'));
  const db = openDatabase(join(dir, 'catalogue.sqlite'));
  try {
    const store = createCatalogueStore(db);
    const folder = store.insertFolder('/lib', 'now');
    const ids = Array.from(
      { length: rounds * 2 * PER_ROUND },
      (_, i) =>
        store.insertPhotoWithJob(
          { folderId: folder.id, path: `/lib/event ${i % 500}/IMG_${i}.jpg`, size: 10, mtimeMs: 1 },
          `hash-${i}`,
          'jpeg',
          bareMetadata('jpeg', 10, 10),
          'now',
        ).photoId,
    );
    const times = { held: [] as number[], unheld: [] as number[] };
    const round = (way: 'held' | 'unheld', from: number) => {
      const start = threadCpuMs();
      for (let k = 0; k < PER_ROUND; k++) {
        const id = ids[from + k]!;
        db.transaction(() =>
          way === 'held' ? storeModelSuggestion(db, id, answer(k)) : writeSuggestionRows(db, id, answer(k)),
        )();
      }
      times[way].push((threadCpuMs() - start) / PER_ROUND);
    };
    for (let r = 0; r < rounds; r++) {
      round('unheld', r * 2 * PER_ROUND);
      round('held', r * 2 * PER_ROUND + PER_ROUND);
    }
    const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
    const held = median(times.held);
    const unheld = median(times.unheld);
    printBlock(`A model's answer stored (caption and ten tags), ${rounds} rounds of ${PER_ROUND}`, [
      ['search document held (one index write)', `${fmt(held, 3)} ms of main-thread CPU an answer`],
      ['not held (a write per tag and the caption)', `${fmt(unheld, 3)} ms`],
      ['held / not held', fmt(held / unheld, 2)],
    ]);
    return { held, unheld };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
