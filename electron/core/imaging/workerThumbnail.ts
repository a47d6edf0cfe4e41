// The thumbnail as the ingest worker writes it: the store's pipeline and file, but with synchronous file calls.
// A worker is a thread of its own, where blocking costs nothing; each asynchronous call would be a trip
// through libuv's thread pool, which sharp's pipelines share.
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ImageSize } from '../coreInterface';
import {
  tempNameFor,
  THUMBNAIL_DIR_MODE,
  THUMBNAIL_FILE_MODE,
  thumbnailBytes,
  type RenderedThumbnail,
} from './thumbnails';

/** Folders made (or found) already: a hash's two-digit folder is made once, not once a photo. */
const knownDirs = new Set<string>();
/** The data folder has 256 hash folders per size; a bound that never forgets them still stops a leak. */
const KNOWN_DIRS_MAX = 4096;

/**
 * Writes the thumbnail of `sourcePath`'s whole file `bytes` to `target` unless one is there already: the same
 * bytes (`encode` as there), path, mode and temp-and-rename as renderThumbnailFile. Never on the main thread:
 * it blocks. Throws the decoder's UnreadableImageError, or the file call's own error (with its code: ENOSPC),
 * leaving no temp file.
 */
export async function renderThumbnailInWorker(
  target: string,
  sourcePath: string,
  size: ImageSize,
  bytes: Buffer,
  encode: () => Promise<Buffer> = () => thumbnailBytes(sourcePath, size, bytes),
): Promise<RenderedThumbnail> {
  if (existsWhole(target)) return { written: false };
  const dir = dirname(target);
  ensureDir(dir);
  const encoded = await encode();
  const temp = tempNameFor(target);
  try {
    try {
      writeFileSync(temp, encoded, { mode: THUMBNAIL_FILE_MODE });
    } catch (error) {
      // The folder was removed since it was made (the data folder cleared): make it again, once.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      knownDirs.delete(dir);
      ensureDir(dir);
      writeFileSync(temp, encoded, { mode: THUMBNAIL_FILE_MODE });
    }
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already gone.
    }
    throw error;
  }
  return { written: true, bytes: encoded };
}

function ensureDir(dir: string): void {
  if (knownDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true, mode: THUMBNAIL_DIR_MODE });
  if (knownDirs.size >= KNOWN_DIRS_MAX) knownDirs.clear();
  knownDirs.add(dir);
}

function existsWhole(path: string): boolean {
  try {
    return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
  } catch {
    return false;
  }
}
