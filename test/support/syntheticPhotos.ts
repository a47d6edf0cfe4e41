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
  const sources = readdirSync(join(CORPUS_DIR, 'photos'))
    .filter((name) => name.endsWith('.jpg'))
    .map((name) => join(CORPUS_DIR, 'photos', name));
  const files = Array.from({ length: count }, (_, i) => i);
  await mapLimit(files, 2, async (i) => {
    const source = sources[i % sources.length]!;
    const shortSide = Math.round((longSide * 3) / 4);
    await sharp(source)
      .resize(longSide + (i % 7) * 8, shortSide + (i % 5) * 8, { fit: 'cover', position: i % 9 })
      .modulate({ brightness: 0.9 + (i % 17) / 80, hue: i % 31 })
      .jpeg({ quality: 88 })
      .toFile(join(dir, `IMG_${String(i).padStart(5, '0')}.jpg`));
  });
  return dir;
}
