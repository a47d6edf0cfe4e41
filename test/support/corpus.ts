import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/corpus.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared/corpus beside the clone: read-only real photos that tests copy into temp folders. */
export const CORPUS_DIR = process.env.SHOEBOX_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus');

export function corpusPath(relative: string): string {
  const path = join(CORPUS_DIR, relative);
  if (!existsSync(path)) throw new Error(`Corpus file missing: ${path} (is ../shared beside the clone?)`);
  return path;
}
