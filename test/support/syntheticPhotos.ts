import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { CORPUS_DIR } from './corpus';

/** Runs `task` over `items` with at most `limit` in flight. */
export async function mapLimit<T>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}

/**
 * `count` distinct camera-sized JPEGs cut from the corpus photos (different crops and a per-file tint, so
 * every file has its own content hash). Cached in the temp folder between runs.
 */
export async function syntheticPhotos(count: number, longSide: number): Promise<string> {
  const dir = join(tmpdir(), `shoebox-bench-photos-${count}-${longSide}`);
  if (existsSync(dir) && readdirSync(dir).length === count) return dir;
  mkdirSync(dir, { recursive: true });
  const names = readdirSync(join(CORPUS_DIR, 'photos')).filter((name) => name.endsWith('.jpg'));
  // Decode each corpus photo once, a little larger than needed, then cut every file from memory.
  const sources = await Promise.all(
    names.map((name) =>
      sharp(join(CORPUS_DIR, 'photos', name))
        .rotate()
        .resize(longSide + 64, longSide + 64, { fit: 'outside' })
        .toBuffer(),
    ),
  );
  const files = Array.from({ length: count }, (_, i) => i);
  await mapLimit(files, 2, async (i) => {
    const shortSide = Math.round((longSide * 3) / 4);
    await sharp(sources[i % sources.length]!)
      .resize(longSide + (i % 7) * 8, shortSide + (i % 5) * 8, { fit: 'cover', position: i % 9 })
      .modulate({ brightness: 0.9 + (i % 17) / 80, hue: i % 31 })
      .jpeg({ quality: 88 })
      .toFile(join(dir, `IMG_${String(i).padStart(5, '0')}.jpg`));
  });
  return dir;
}
