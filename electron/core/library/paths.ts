import { isAbsolute, relative } from 'node:path';

/** True when `child` lies strictly below `parent`. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function isSameOrInside(child: string, parent: string): boolean {
  return child === parent || isInside(child, parent);
}
