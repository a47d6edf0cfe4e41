import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ImageSize } from '../coreInterface';
import { unreadableFrom, uprightImage } from './decode';
import { probeFormat } from './format';

const LONG_SIDE: Record<ImageSize, number> = { thumb: 320, preview: 1600 };
export const WEBP_QUALITY: Record<ImageSize, number> = { thumb: 72, preview: 82 };

/** True when the picture fits in the thumbnail's box: its thumbnail is the picture at full size. */
export function fitsThumbnailBox(width: number, height: number): boolean {
  return width <= LONG_SIDE.thumb && height <= LONG_SIDE.thumb;
}

/** Private like the rest of the data folder: a thumbnail shows the photo. */
export const THUMBNAIL_FILE_MODE = 0o600;
export const THUMBNAIL_DIR_MODE = 0o700;

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
  try {
    const image = await uprightImage(sourcePath, await probeFormat(sourcePath, bytes), bytes);
    return await image
      .resize({ width: LONG_SIDE[size], height: LONG_SIDE[size], fit: 'inside', withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY[size] })
      .toBuffer();
  } catch (error) {
    throw unreadableFrom(error);
  }
}

/** A fresh temp name beside `target`, renamed over it once whole, so a crash never leaves half a file. */
export function tempNameFor(target: string): string {
  return `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

/** A thumbnail written (its encoded bytes, for what else is read from them), or one that was there already. */
export type RenderedThumbnail = { written: true; bytes: Buffer } | { written: false };

/**
 * Renders `sourcePath` (or its whole file's `bytes`) into the thumbnail or preview at `target`, unless one is
 * there already. Asynchronous file calls throughout: this runs on the main thread (the ingest worker has
 * renderThumbnailInWorker). A write that fails keeps its own error (an ENOSPC says the disk is full, not that
 * the photo is broken) and leaves no temp file.
 */
export async function renderThumbnail(
  target: string,
  sourcePath: string,
  size: ImageSize,
  bytes?: Buffer,
): Promise<string> {
  await renderThumbnailFile(target, sourcePath, size, bytes);
  return target;
}

/**
 * renderThumbnail, telling whether it wrote the file and with which bytes. `encode`, when given, makes those
 * bytes instead of thumbnailBytes (the same bytes: see smallThumbnail).
 */
export async function renderThumbnailFile(
  target: string,
  sourcePath: string,
  size: ImageSize,
  bytes?: Buffer,
  encode: () => Promise<Buffer> = () => thumbnailBytes(sourcePath, size, bytes),
): Promise<RenderedThumbnail> {
  if (await exists(target)) return { written: false };
  await mkdir(dirname(target), { recursive: true, mode: THUMBNAIL_DIR_MODE });
  const encoded = await encode();
  const temp = tempNameFor(target);
  try {
    await writeFile(temp, encoded, { mode: THUMBNAIL_FILE_MODE });
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return { written: true, bytes: encoded };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
