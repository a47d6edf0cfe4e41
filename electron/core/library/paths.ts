import { isAbsolute, relative } from 'node:path';

/** True when `child` lies strictly below `parent`. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function isSameOrInside(child: string, parent: string): boolean {
  return child === parent || isInside(child, parent);
}

/**
 * isSameOrInside for paths both absolute and normalised (a walk's joins below a folder, a realpath), asked once
 * per entry of a walk: a string test settles nearly every call without path.relative's normalising. Windows
 * compares without case, so there relative decides.
 */
export function isSameOrInsideNormalised(child: string, parent: string): boolean {
  if (process.platform !== 'win32' && !child.startsWith(parent)) return false;
  return isSameOrInside(child, parent);
}
