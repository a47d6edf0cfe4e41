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

/**
 * The `files` patterns as electron-builder expands them when it runs on `platform`: `${platform}` is the
 * building system's process.platform, and each installer is built on its own system.
 */
export function filePatterns(config: BuilderConfig, platform: NodeJS.Platform): string[] {
  return config.files.map((pattern) => pattern.replaceAll('${platform}', platform));
}

/**
 * Whether a file of a dependency goes into the package built on `platform`. electron-builder copies the
 * production dependencies whole and applies only the exclusions of `files` to them (app-builder-lib's
 * `getNodeModuleFileMatcher`).
 */
export function shipsDependencyFile(
  config: BuilderConfig,
  platform: NodeJS.Platform,
  relativePath: string,
): boolean {
  const exclusions = filePatterns(config, platform).filter((pattern) => pattern.startsWith('!'));
  return matchesGlobs(relativePath, ['**/*', ...exclusions]);
}
