import { basename, dirname, join } from 'node:path';
import { extensionOf, isRawName } from '../imaging/rawFormat';

// A RAW file and the JPEG the camera wrote beside it (IMG_0001.CR3 + IMG_0001.JPG) are one photo, as
// Lightroom stacks them: one caption, one bill, both paths listed.
const JPEG_EXTENSIONS = new Set(['jpg', 'jpeg', 'jpe']);

export type StackRole = 'raw' | 'jpeg';

export function stackRole(path: string): StackRole | null {
  const name = basename(path);
  if (isRawName(name)) return 'raw';
  return JPEG_EXTENSIONS.has(extensionOf(name)) ? 'jpeg' : null;
}

/** "dir/IMG_0001." for dir/IMG_0001.CR3: the catalogue's paths of the stack start with it. */
export function stackPrefix(path: string): string {
  const name = basename(path);
  return join(dirname(path), name.slice(0, name.lastIndexOf('.') + 1));
}

/** One lock per stack, case-folded (IMG_0001.cr3 and IMG_0001.JPG are one stack on any disk). */
export function stackKey(path: string): string {
  return stackPrefix(path).toLowerCase();
}

/** Whether `other` is the partner of `path` in its stack: same folder and name, the other role. */
export function isStackPartner(path: string, other: string): boolean {
  const prefix = stackPrefix(path);
  if (!other.startsWith(prefix) || other.slice(prefix.length).includes('.')) return false;
  if (dirname(other) !== dirname(path)) return false;
  const role = stackRole(path);
  const otherRole = stackRole(other);
  return role !== null && otherRole !== null && role !== otherRole;
}
