// Estimate accuracy: for every photo in ../shared/corpus/photos, how far the cost Shoebox predicted before
// sending was from what the call cost, on the token-priced flavours (Mistral: tokens × price; Vercel: its
// reported usage.cost). Goal: ≤ 2% per photo.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeProvider } from '../fake-provider/server';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary } from '../support/tempLibrary';
import { fmt, percentile, printBlock } from './benchSupport';

async function measure(flavour: 'mistral' | 'vercel') {
  const library = makeTempLibrary(['photos'], 'shoebox-bench-estimate-');
  const provider = await startFakeProvider({ flavour });
  const core = await startCore(library.dataDir, envFor(provider, flavour));
  try {
    await core.api['folders.add']({ path: library.photos });
    await approveAll(core);
    await waitUntilSettled(core, 300_000);
  } finally {
    await core.stop();
    await provider.close();
  }
  const db = new Database(join(library.dataDir, 'catalogue.sqlite'), { readonly: true });
  const rows = db
    .prepare(
      `SELECT estimated_cost AS estimated, cost, reported_cost AS reported FROM ledger
       WHERE outcome = 'captioned' ORDER BY id`,
    )
    .all() as Array<{ estimated: number; cost: number; reported: number | null }>;
  db.close();
  library.remove();
  const errors = rows.map((row) => Math.abs(row.estimated - row.cost) / row.cost).sort((a, b) => a - b);
  return { photos: rows.length, errors, reported: rows.filter((r) => r.reported !== null).length };
}

export async function main() {
  const lines: Array<[string, string]> = [];
  for (const flavour of ['mistral', 'vercel'] as const) {
    const { photos, errors, reported } = await measure(flavour);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const within = errors.filter((e) => e <= 0.02).length;
    lines.push([
      `${flavour} (${photos} photos, ${reported} with a reported cost)`,
      `mean ${fmt(mean * 100, 2)}%, p50 ${fmt(percentile(errors, 50) * 100, 2)}%, max ${fmt(
        errors[errors.length - 1]! * 100,
        2,
      )}%, ${within}/${photos} within 2%`,
    ]);
  }
  printBlock('Estimate accuracy: |estimated − actual| / actual per photo', lines);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
