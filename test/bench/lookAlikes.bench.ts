// A photo's look-alikes (grouping's identity check): photos of its size whose difference hash shares a band
// with its own. Through the grouping store, beside the text the store had before (which left the join order
// to the planner) prepared and held by the bench in the same run: the ratio is what the fixed order saves.
// Every photo has the same size, as a library shot with one camera mostly does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../electron/core/db/openDatabase';
import * as groupingStore from '../../electron/core/stores/groupingStore';
import { fmt, percentile, printBlock } from './benchSupport';

/** The store's text before: the same joins, in an order SQLite was free to change. */
const PLANNER_ORDER = `SELECT o.id AS photoId, o.hash, f.dhash, f.pixel_hash AS pixelHash
  FROM photo_fingerprints s JOIN photos p ON p.id = s.photo_id
  JOIN photo_fingerprints f ON (f.band0 = s.band0 OR f.band1 = s.band1 OR f.band2 = s.band2
    OR f.band3 = s.band3 OR f.band4 = s.band4)
  JOIN photos o ON o.id = f.photo_id
  WHERE s.photo_id = ? AND o.id <> p.id AND p.width IS NOT NULL
    AND ((o.width = p.width AND o.height = p.height) OR (o.width = p.height AND o.height = p.width))`;

/** A repeatable 64-bit hash from a seed, as 16 hex digits. */
function hashFrom(seed: number): string {
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  x ^= x >> 29n;
  x = (x * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  return (x ^ (x >> 31n)).toString(16).padStart(16, '0');
}

function timeEach(ids: number[], look: (id: number) => unknown[]): { ms: number[]; found: number } {
  const ms: number[] = [];
  let found = 0;
  for (const id of ids) {
    const start = performance.now();
    found += look(id).length;
    ms.push(performance.now() - start);
  }
  return { ms: ms.sort((a, b) => a - b), found };
}

export async function main(
  photos = Number(process.env.BENCH_LOOKALIKE_PHOTOS ?? 20_000),
  lookups = Number(process.env.BENCH_LOOKALIKE_LOOKUPS ?? 200),
) {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-bench-lookalikes-'));
  const db = openDatabase(join(scratch, 'catalogue.db'));
  try {
    const insert = db.prepare(
      `INSERT INTO photos (hash, bytes, width, height, caption_status, created_at)
       VALUES (?, 1, 4000, 3000, 'queued', 'now')`,
    );
    db.transaction(() => {
      for (let i = 1; i <= photos; i++) {
        const id = Number(insert.run(`photo-${i}`).lastInsertRowid);
        groupingStore.saveFingerprint(db, id, { dhash: hashFrom(i), pixelHash: null });
      }
    })();
    const held = db.prepare(PLANNER_ORDER);
    const ids = Array.from({ length: lookups }, (_, i) => 1 + ((i * 7919) % photos));
    // Alternate, so both meet the same cache and the same load from the rest of the machine.
    const viaStore: number[] = [];
    const viaHeld: number[] = [];
    let foundStore = 0;
    let foundHeld = 0;
    for (let round = 0; round < 3; round++) {
      const a = timeEach(ids, (id) => groupingStore.sameSizeSharingABand(db, id));
      const b = timeEach(ids, (id) => held.all(id));
      viaStore.push(...a.ms);
      viaHeld.push(...b.ms);
      foundStore = a.found;
      foundHeld = b.found;
    }
    viaStore.sort((x, y) => x - y);
    viaHeld.sort((x, y) => x - y);
    const p50 = (ms: number[]) => percentile(ms, 50);
    printBlock(`Look-alikes of a photo: ${photos} photos of one size, ${lookups} lookups × 3 rounds`, [
      ['through the store (band indexes first), p50', `${fmt(p50(viaStore) * 1000, 1)} µs`],
      ['planner-ordered text (baseline), p50', `${fmt(p50(viaHeld) * 1000, 1)} µs`],
      ['ratio store / baseline, p50', fmt(p50(viaStore) / p50(viaHeld), 3)],
      ['ratio store / baseline, p95', fmt(percentile(viaStore, 95) / percentile(viaHeld, 95), 3)],
      ['look-alikes found (store / baseline)', `${foundStore} / ${foundHeld}`],
    ]);
    if (foundStore !== foundHeld) throw new Error('the two texts found different look-alikes');
  } finally {
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
