// A data folder for the grid benchmark: a copy of the cached synthetic catalogue whose photos get hashes of
// the app's shape (64 hex digits, so the server will look their thumbnails up) and real WebP thumbnails in
// the thumbnail cache, as a catalogue that has been scanned once has. A handful of distinct noisy images,
// hard-linked under every photo's name: each is still its own URL, so the browser fetches and decodes every
// cell's image as it would real thumbnails, without sharp making 100,000 of them first.
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../electron/core/db/openDatabase';

const DISTINCT_THUMBNAILS = 16;

/** The hash the benchmark gives photo `id`: unique by its tail, spread over the cache's folders by its head. */
const hashFor = (id: number) =>
  (Math.imul(id, 2654435761) >>> 0).toString(16).padStart(8, '0') + id.toString(16).padStart(56, '0');

async function noisyThumbnail(seed: number): Promise<Buffer> {
  return sharp({
    create: {
      width: 320,
      height: 240,
      channels: 3,
      background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 151) % 256 },
      noise: { type: 'gaussian', mean: 110 + seed, sigma: 40 },
    },
  })
    .webp({ quality: 72 })
    .toBuffer();
}

/** Fills `dataDir` from `catalogueFile`; returns how many photos have a thumbnail. */
export async function prepareGridDataDir(catalogueFile: string, dataDir: string): Promise<number> {
  mkdirSync(dataDir, { recursive: true });
  const catalogue = join(dataDir, 'catalogue.sqlite');
  copyFileSync(catalogueFile, catalogue);
  // The reference data built beside the cached catalogue, so the server has no lexicon to build meanwhile.
  const reference = join(dirname(catalogueFile), 'reference');
  if (existsSync(reference)) cpSync(reference, join(dataDir, 'reference'), { recursive: true });

  const db = openDatabase(catalogue);
  let ids: number[];
  try {
    db.function('bench_hash', (id: number) => hashFor(id));
    db.exec('UPDATE photos SET hash = bench_hash(id)');
    ids = db.prepare('SELECT id FROM photos').pluck().all() as number[];
  } finally {
    db.close();
  }

  const thumbs = join(dataDir, 'thumbnails');
  const sources: string[] = [];
  mkdirSync(join(thumbs, 'sources'), { recursive: true, mode: 0o700 });
  for (let i = 0; i < DISTINCT_THUMBNAILS; i++) {
    const source = join(thumbs, 'sources', `${i}.webp`);
    writeFileSync(source, await noisyThumbnail(i), { mode: 0o600 });
    sources.push(source);
  }
  for (const id of ids) {
    const hash = hashFor(id);
    const dir = join(thumbs, hash.slice(0, 2));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    linkSync(sources[id % DISTINCT_THUMBNAILS]!, join(dir, `${hash}-thumb.webp`));
  }
  return ids.length;
}
