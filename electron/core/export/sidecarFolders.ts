// What one export knows about the folders it writes sidecars into. Listing a folder once tells which
// sidecars exist, so a photo without one costs no failed open; the listing is only ever a hint, since a
// sidecar created after it is still found (a new sidecar is linked into place, which fails on an existing
// name, and the writer then merges). Writes to one sidecar path wait for each other: a photo and its raw
// twin share a Lightroom sidecar, and the second must merge into what the first wrote.
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Folders whose listing is kept; an export walks photos in catalogue order, which keeps folders together. */
const LISTINGS_KEPT = 256;
const XMP_NAME = /\.xmp$/i;

export class SidecarFolders {
  // Lower-cased names: on a case-insensitive disk (macOS, Windows) photo.XMP is the sidecar photo.xmp names.
  private readonly listings = new Map<string, Promise<Set<string> | null>>();
  private readonly writing = new Map<string, Promise<unknown>>();
  private readonly withoutLinks = new Set<string>();

  /** False only when the folder's listing has no such name: then nothing needs to be read. */
  async mayExist(path: string): Promise<boolean> {
    const names = await this.listing(dirname(path));
    return names === null || names.has(basename(path).toLowerCase());
  }

  /** A sidecar this export just created, so a later photo sharing it merges instead of creating. */
  created(path: string): void {
    void this.listings.get(dirname(path))?.then((names) => names?.add(basename(path).toLowerCase()));
  }

  /** Whether new sidecars in this folder can be linked into place (FAT, some network shares: no hard links). */
  linksWork(path: string): boolean {
    return !this.withoutLinks.has(dirname(path));
  }

  linksFailed(path: string): void {
    this.withoutLinks.add(dirname(path));
  }

  /** Runs `write` once no other write to `path` by this export is under way. */
  async exclusive<T>(path: string, write: () => Promise<T>): Promise<T> {
    const before = this.writing.get(path) ?? Promise.resolve();
    const run = before.then(write, write);
    const settled = run.catch(() => undefined);
    this.writing.set(path, settled);
    try {
      return await run;
    } finally {
      if (this.writing.get(path) === settled) this.writing.delete(path);
    }
  }

  private listing(folder: string): Promise<Set<string> | null> {
    let names = this.listings.get(folder);
    if (!names) {
      // A folder that cannot be listed is no reason to fail: every sidecar in it is then looked for in turn.
      names = readdir(folder).then(
        (entries) => new Set(entries.filter((name) => XMP_NAME.test(name)).map((name) => name.toLowerCase())),
        () => null,
      );
      this.listings.set(folder, names);
      if (this.listings.size > LISTINGS_KEPT) this.listings.delete(this.listings.keys().next().value!);
    }
    return names;
  }
}
