// What one export knows about the folders it writes sidecars into. Listing a folder once tells which
// sidecars exist, so a photo without one costs no failed open; the listing is only ever a hint, since a
// sidecar created after it is still found (a new sidecar is linked into place, which fails on an existing
// name, and the writer then merges).
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { SidecarReader } from './sidecarReader';

/** Folders whose listing is kept; an export walks photos in catalogue order, which keeps folders together. */
const LISTINGS_KEPT = 256;
const XMP_NAME = /\.xmp$/i;

export class SidecarFolders {
  // Lower-cased names: on a case-insensitive disk (macOS, Windows) photo.XMP is the sidecar photo.xmp names.
  private readonly listings = new Map<string, Promise<Set<string> | null>>();
  /** The listings read so far, for a change made while nothing waits on them. */
  private readonly listed = new Map<string, Set<string> | null>();
  private readonly withoutLinks = new Set<string>();
  /** How this export reads the sidecars it merges into (see sidecarReader.ts). */
  readonly reader: SidecarReader;

  constructor(reader = new SidecarReader()) {
    this.reader = reader;
  }

  /** False only when the folder's listing has no such name: then nothing needs to be read. */
  async mayExist(path: string): Promise<boolean> {
    const names = await this.listing(dirname(path));
    return names === null || names.has(basename(path).toLowerCase());
  }

  /** A sidecar that exists now (this export created it, or found it): a later write there merges. */
  exists(path: string): void {
    const folder = dirname(path);
    const name = basename(path).toLowerCase();
    const names = this.listed.get(folder);
    if (names) names.add(name);
    else void this.listings.get(folder)?.then((listed) => listed?.add(name));
  }

  /** Whether new sidecars in this folder can be linked into place (FAT, some network shares: no hard links). */
  linksWork(path: string): boolean {
    return !this.withoutLinks.has(dirname(path));
  }

  linksFailed(path: string): void {
    this.withoutLinks.add(dirname(path));
  }

  private listing(folder: string): Promise<Set<string> | null> {
    let names = this.listings.get(folder);
    if (!names) {
      // A folder that cannot be listed is no reason to fail: every sidecar in it is then looked for in turn.
      names = readdir(folder).then(
        (entries) => new Set(entries.filter((name) => XMP_NAME.test(name)).map((name) => name.toLowerCase())),
        () => null,
      );
      void names.then((listed) => {
        if (this.listings.has(folder)) this.listed.set(folder, listed);
      });
      this.listings.set(folder, names);
      if (this.listings.size > LISTINGS_KEPT) {
        const oldest = this.listings.keys().next().value!;
        this.listings.delete(oldest);
        this.listed.delete(oldest);
      }
    }
    return names;
  }
}
