// The data folder holds the catalogue (every caption, tag and path), thumbnails of every photo, backups and,
// in browser mode, the provider keys: nobody but the user may read it (issue 11 found it world-readable).
// The folder is 0700 and what Shoebox writes in it 0600, whatever the umask. A data folder from before this
// (or loosened by hand) is tightened once, file by file; symbolic links are never followed.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates (or tightens) the data folder; returns the catalogue's path, created 0600 so SQLite's -wal and -shm follow it. */
export function preparePrivateDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const loose = (statSync(dataDir).mode & 0o777) !== PRIVATE_DIR_MODE;
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  if (loose) tightenTree(dataDir);
  const catalogue = join(dataDir, 'catalogue.sqlite');
  if (!existsSync(catalogue)) closeSync(openSync(catalogue, 'a', PRIVATE_FILE_MODE));
  for (const name of ['catalogue.sqlite', 'catalogue.sqlite-wal', 'catalogue.sqlite-shm']) {
    const file = join(dataDir, name);
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  }
  return catalogue;
}

function tightenTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) chmodSync(path, PRIVATE_DIR_MODE);
    else if (entry.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  }
}
