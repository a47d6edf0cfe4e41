import { chmod, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageSize } from '../coreInterface';
import { unreadableFrom, uprightImage } from './decode';
import { probeFormat } from './format';

const LONG_SIDE: Record<ImageSize, number> = { thumb: 320, preview: 1600 };

/**
 * Thumbnails and previews cached by content hash in the data folder: a photo's copies share one, and a
 * moved file needs no new one.
 */
export class ThumbnailStore {
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly dir: string) {}

  pathFor(hash: string, size: ImageSize): string {
    return join(this.dir, hash.slice(0, 2), `${hash}-${size}.webp`);
  }

  /** `bytes`, when given, are the source's whole file: decoded instead of reading the file again. */
  ensure(hash: string, sourcePath: string, size: ImageSize, bytes?: Buffer): Promise<string> {
    const target = this.pathFor(hash, size);
    const key = `${hash}:${size}`;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const work = renderThumbnail(target, sourcePath, size, bytes).finally(() => this.pending.delete(key));
    this.pending.set(key, work);
    return work;
  }
}

/**
 * Renders `sourcePath` (or its whole file's `bytes`) into the thumbnail or preview at `target`, unless one is
 * there already: the one pipeline the store and the ingest worker both use, so their files are the same bytes.
 * Written to a temp name and renamed, so a crash never leaves half a file.
 */
export async function renderThumbnail(
  target: string,
  sourcePath: string,
  size: ImageSize,
  bytes?: Buffer,
): Promise<string> {
  if (await exists(target)) return target;
  // Private like the rest of the data folder: a thumbnail shows the photo.
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const image = await uprightImage(sourcePath, await probeFormat(sourcePath, bytes), bytes);
    await image
      .resize({ width: LONG_SIDE[size], height: LONG_SIDE[size], fit: 'inside', withoutEnlargement: true })
      .webp({ quality: size === 'thumb' ? 72 : 82 })
      .toFile(temp);
    await chmod(temp, 0o600);
    await rename(temp, target);
    return target;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw unreadableFrom(error);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
