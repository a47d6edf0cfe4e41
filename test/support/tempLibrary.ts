import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_DIR } from './corpus';

export interface TempLibrary {
  root: string;
  /** The folder a test adds to Shoebox. */
  photos: string;
  /** Where the catalogue lives. */
  dataDir: string;
  remove(): void;
}

/** A fresh temp tree with copies of the named corpus sub-folders (never the corpus itself). */
export function makeTempLibrary(corpusFolders: string[], prefix = 'shoebox-it-'): TempLibrary {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const photos = join(root, 'Photos');
  mkdirSync(photos);
  for (const folder of corpusFolders)
    cpSync(join(CORPUS_DIR, folder), join(photos, folder), { recursive: true });
  return {
    root,
    photos,
    dataDir: join(root, 'data'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function listCorpusFolder(folder: string): string[] {
  return readdirSync(join(CORPUS_DIR, folder)).sort();
}
