// The electron-builder configuration as electron-builder reads it, and its glob semantics, for the packaging
// test. Patterns are matched with the minimatch major version electron-builder itself uses, with its options
// (`dot: true`) and its rule for mixing inclusions and `!` exclusions: patterns apply in order, a later
// exclusion removes what an earlier inclusion matched and a later inclusion can add it back
// (app-builder-lib's `minimatchAll`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Minimatch } from 'minimatch';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  [key: string]: unknown;
}

export function readBuilderConfig(): BuilderConfig {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'electron-builder.json'), 'utf8')) as BuilderConfig;
}

/** Whether a path relative to the app directory (forward slashes) is selected by electron-builder globs. */
export function matchesGlobs(relativePath: string, patterns: readonly string[]): boolean {
  let match = false;
  for (const pattern of patterns) {
    const matcher = new Minimatch(pattern, { dot: true });
    if (match !== matcher.negate) continue;
    match = matcher.match(relativePath);
  }
  return match;
}
