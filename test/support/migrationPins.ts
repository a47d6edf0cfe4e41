// Released migrations are history: their text must never change. The pin file records each one's sha256;
// `npm run migrations:pin` rewrites it (after adding a migration, or after merging branches that did).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus';

export const MIGRATIONS_DIR = join(REPO_ROOT, 'electron', 'core', 'db', 'migrations');
export const PIN_FILE = join(MIGRATIONS_DIR, 'released.json');
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.ts$/;

export interface MigrationFile {
  version: number;
  file: string;
}

/** Every migration file in the folder (tests and the list excluded), by version. */
export function migrationFiles(): MigrationFile[] {
  return readdirSync(MIGRATIONS_DIR)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({ version: Number(match![1]), file }))
    .sort((a, b) => a.version - b.version);
}

/** sha256 of the file's text, line endings normalised so a Windows checkout hashes the same. */
export function hashMigration(file: string): string {
  const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8').replace(/\r\n/g, '\n');
  return createHash('sha256').update(text).digest('hex');
}

/** What the pin file says: version → { file, sha256 }. Empty when there is no pin file yet. */
export function readPins(): Record<string, { file: string; sha256: string }> {
  if (!existsSync(PIN_FILE)) return {};
  return JSON.parse(readFileSync(PIN_FILE, 'utf8')) as Record<string, { file: string; sha256: string }>;
}

/** The pin file's text for the migrations as they are now. */
export function currentPinsText(): string {
  const pins = Object.fromEntries(
    migrationFiles().map(({ version, file }) => [String(version), { file, sha256: hashMigration(file) }]),
  );
  return `${JSON.stringify(pins, null, 2)}\n`;
}
