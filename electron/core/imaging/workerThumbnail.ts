// The file calls the ingest worker writes its thumbnails with (through writeThumbnail, as the store does):
// blocking ones. A worker is a thread of its own, where blocking costs nothing. Never on the main thread.
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { THUMBNAIL_DIR_MODE, type ThumbnailFileCalls } from './thumbnailFile';

/** Folders made (or found) already: a hash's two-digit folder is made once, not once a photo. */
const knownDirs = new Set<string>();
/** The data folder has 256 hash folders per size; a bound that never forgets them still stops a leak. */
const KNOWN_DIRS_MAX = 4096;

export const blockingThumbnailFileCalls: ThumbnailFileCalls = {
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
