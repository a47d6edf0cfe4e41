import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageSize } from '../coreInterface';
import { uprightImage } from './decode';
import { decodeOrReason } from './decodeFailure';
import { probeFormat } from './format';
import { THUMBNAIL_DIR_MODE, writeThumbnail, type ThumbnailFileCalls } from './thumbnailFile';

const LONG_SIDE: Record<ImageSize, number> = { thumb: 320, preview: 1600 };
export const WEBP_QUALITY: Record<ImageSize, number> = { thumb: 72, preview: 82 };

/** True when the picture fits in the thumbnail's box: its thumbnail is the picture at full size. */
export function fitsThumbnailBox(width: number, height: number): boolean {
  return width <= LONG_SIDE.thumb && height <= LONG_SIDE.thumb;
}

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
 * The encoded thumbnail or preview of `sourcePath` (or of its whole file's `bytes`): the one pipeline that
 * makes a thumbnail's bytes, whoever writes the file, so the store's and the ingest worker's are the same.
 * Throws UnreadableImageError with the reason a user reads when the picture cannot be decoded.
 */
export async function thumbnailBytes(sourcePath: string, size: ImageSize, bytes?: Buffer): Promise<Buffer> {
  return decodeOrReason(async () =>
    (await uprightImage(sourcePath, await probeFormat(sourcePath, bytes), bytes))
      .resize({ width: LONG_SIDE[size], height: LONG_SIDE[size], fit: 'inside', withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY[size] })
      .toBuffer(),
  );
}

/** The main thread's file calls for writeThumbnail: asynchronous, so a thumbnail's write never holds the API. */
export const asyncThumbnailFileCalls: ThumbnailFileCalls = {
  hasWhole: async (path) => {
    try {
      return (await stat(path)).size > 0;
    } catch {
      return false;
    }
  },
  makeDir: async (dir) => {
    await mkdir(dir, { recursive: true, mode: THUMBNAIL_DIR_MODE });
  },
  // Nothing is remembered: the folder is made (or found) on every write.
  forgetDir: () => undefined,
  write: (path, bytes, mode) => writeFile(path, bytes, { mode }),
  rename,
  remove: unlink,
};

/**
 * Renders `sourcePath` (or its whole file's `bytes`) into the thumbnail or preview at `target`, unless one is
 * there already (see writeThumbnail). Asynchronous file calls throughout: this runs on the main thread (the
 * ingest worker writes with blockingThumbnailFileCalls).
 */
export async function renderThumbnail(
  target: string,
  sourcePath: string,
  size: ImageSize,
  bytes?: Buffer,
): Promise<string> {
  await writeThumbnail(asyncThumbnailFileCalls, target, () => thumbnailBytes(sourcePath, size, bytes));
  return target;
}
