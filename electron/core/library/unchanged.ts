/** What the catalogue recorded of a file when it last read it. */
export interface RecordedFile {
  size: number;
  /** Whole milliseconds, as stored. */
  mtimeMs: number;
}

/** What a look at the file on disk (an lstat) says now. */
export interface FileLook {
  size: number;
  mtimeMs: number;
  isFile(): boolean;
}

/**
 * The one rule for "this file needs no reading": still a regular file of the size and whole-millisecond mtime
 * the catalogue recorded. A change of either, however small, reads it again; nothing else is compared, since
 * that is all a listing (or `find -printf`) costs.
 */
export function isUnchanged(recorded: RecordedFile | undefined, look: FileLook | undefined | null): boolean {
  return (
    recorded !== undefined &&
    look != null &&
    look.isFile() &&
    look.size === recorded.size &&
    Math.floor(look.mtimeMs) === recorded.mtimeMs
  );
}
