// A data folder for the grid benchmark: a copy of the cached synthetic catalogue whose photos get hashes of
// the app's shape (64 hex digits, so the server will look their thumbnails up) and real WebP thumbnails in
// the thumbnail cache, as a catalogue that has been scanned once has. Thumbnails of the corpus's photos, made
// as the app makes them (320 px WebP) and hard-linked under every photo's name: each is still its own URL, so
// the browser fetches and decodes every cell's image as it would real ones, without sharp making 100,000.
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { corpusPath } from '../support/corpus';

const DISTINCT_THUMBNAILS = 16;

/** The hash the benchmark gives photo `id`: unique by its tail, spread over the cache's folders by its head. */
const hashFor = (id: number) =>
  (Math.imul(id, 2654435761) >>> 0).toString(16).padStart(8, '0') + id.toString(16).padStart(56, '0');

/** Thumbnails of the corpus's first JPEGs, the size and quality the app's thumbnail store writes. */
async function corpusThumbnails(): Promise<Buffer[]> {
  const dir = corpusPath('photos');
  const names = readdirSync(dir)
    .filter((name) => /\.jpe?g$/i.test(name))
    .sort()
    .slice(0, DISTINCT_THUMBNAILS);
  if (names.length === 0) throw new Error(`No JPEGs in ${dir} to make the grid's thumbnails from`);
  return Promise.all(
    names.map((name) =>
      sharp(join(dir, name))
        .rotate()
        .resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 72 })
        .toBuffer(),
    ),
  );
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
  for (const [i, image] of (await corpusThumbnails()).entries()) {
    const source = join(thumbs, 'sources', `${i}.webp`);
    writeFileSync(source, image, { mode: 0o600 });
    sources.push(source);
  }
  for (const id of ids) {
    const hash = hashFor(id);
    const dir = join(thumbs, hash.slice(0, 2));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    linkSync(sources[id % sources.length]!, join(dir, `${hash}-thumb.webp`));
  }
  return ids.length;
}
