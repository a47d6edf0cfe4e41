// Folders NAS boxes, OSes and tools sprinkle into photo trees: never photos, sometimes huge.
const SYSTEM_NAMES = new Set(
  [
    '@eadir',
    '#recycle',
    '#snapshot',
    '$recycle.bin',
    'system volume information',
    'node_modules',
    'thumbs.db',
    'desktop.ini',
    'lost+found',
  ].map((name) => name.toLowerCase()),
);

/** True for a file or folder name the library never looks inside: hidden (dot) names and system clutter. */
export function isSkippedName(name: string): boolean {
  if (name.startsWith('.')) return true; // also covers .Trash, .Trashes, .Trash-1000, .DS_Store
  return SYSTEM_NAMES.has(name.toLowerCase());
}
