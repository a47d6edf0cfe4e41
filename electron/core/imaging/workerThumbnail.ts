// The thumbnail as the ingest worker writes it: the store's pipeline and file sequence (writeThumbnail), with
// blocking file calls. A worker is a thread of its own, where blocking costs nothing.
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { ImageSize } from '../coreInterface';
import { thumbnailBytes } from './thumbnails';
import {
  THUMBNAIL_DIR_MODE,
  writeThumbnail,
  type RenderedThumbnail,
  type ThumbnailFileCalls,
} from './thumbnailFile';

/** Folders made (or found) already: a hash's two-digit folder is made once, not once a photo. */
const knownDirs = new Set<string>();
/** The data folder has 256 hash folders per size; a bound that never forgets them still stops a leak. */
const KNOWN_DIRS_MAX = 4096;

const blockingFileCalls: ThumbnailFileCalls = {
  hasWhole: (path) => {
    try {
      return (statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
    } catch {
      return false;
    }
  },
  makeDir: (dir) => {
    if (knownDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: THUMBNAIL_DIR_MODE });
    if (knownDirs.size >= KNOWN_DIRS_MAX) knownDirs.clear();
    knownDirs.add(dir);
  },
  forgetDir: (dir) => {
    knownDirs.delete(dir);
  },
  write: (path, bytes, mode) => writeFileSync(path, bytes, { mode }),
  rename: renameSync,
  remove: unlinkSync,
};

/**
 * renderThumbnailFile with blocking file calls: the same bytes (`encode` as there), path, mode and
 * temp-and-rename. Never on the main thread. Throws the decoder's UnreadableImageError, or the file call's own
 * error (with its code: ENOSPC), leaving no temp file.
 */
export function renderThumbnailInWorker(
  target: string,
  sourcePath: string,
  size: ImageSize,
  bytes: Buffer,
  encode: () => Promise<Buffer> = () => thumbnailBytes(sourcePath, size, bytes),
): Promise<RenderedThumbnail> {
  return writeThumbnail(blockingFileCalls, target, encode);
}
