// Writing a thumbnail's file, one sequence for both callers: the main thread's store, whose file calls must
// not block, and the ingest worker, a thread of its own where each asynchronous call would be a trip through
// libuv's thread pool (which sharp's pipelines share) and a blocking one costs nothing.
import { dirname } from 'node:path';

/** Private like the rest of the data folder: a thumbnail shows the photo. */
export const THUMBNAIL_FILE_MODE = 0o600;
export const THUMBNAIL_DIR_MODE = 0o700;

/** A thumbnail written (its encoded bytes, for what else is read from them), or one that was there already. */
export type RenderedThumbnail = { written: true; bytes: Buffer } | { written: false };

/** The file calls a thumbnail's write makes; each may answer at once or through a promise. */
export interface ThumbnailFileCalls {
  /** A file of some size is there (an empty one is what a crash mid-write of an older version left). */
  hasWhole(path: string): boolean | Promise<boolean>;
  makeDir(dir: string): void | Promise<void>;
  /** The folder was found gone since makeDir made it (the data folder cleared): it must be made again. */
  forgetDir(dir: string): void;
  write(path: string, bytes: Buffer, mode: number): void | Promise<void>;
  rename(from: string, to: string): void | Promise<void>;
  remove(path: string): void | Promise<void>;
}

/** A fresh temp name beside `target`, renamed over it once whole, so a crash never leaves half a file. */
export function tempNameFor(target: string): string {
  return `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

/**
 * Writes the bytes `encode` makes to `target`, unless a thumbnail is there already: folder first, then a temp
 * file with the private mode, renamed over the target. A write that fails keeps its own error (an ENOSPC says
 * the disk is full, not that the photo is broken) and leaves no temp file; encode's own error passes through.
 */
export async function writeThumbnail(
  files: ThumbnailFileCalls,
  target: string,
  encode: () => Promise<Buffer>,
): Promise<RenderedThumbnail> {
  if (await files.hasWhole(target)) return { written: false };
  const dir = dirname(target);
  await files.makeDir(dir);
  const encoded = await encode();
  const temp = tempNameFor(target);
  try {
    try {
      await files.write(temp, encoded, THUMBNAIL_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      files.forgetDir(dir);
      await files.makeDir(dir);
      await files.write(temp, encoded, THUMBNAIL_FILE_MODE);
    }
    await files.rename(temp, target);
  } catch (error) {
    try {
      await files.remove(temp);
    } catch {
      // Never created, or already gone.
    }
    throw error;
  }
  return { written: true, bytes: encoded };
}
