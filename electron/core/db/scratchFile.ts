// Reference data (WordNet, GeoNames) is built into a SQLite file of its own. It is written under a temporary
// name and renamed when complete, so a crash or a second process never opens half of it.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ScratchFile {
  db: Database;
  temp: string;
}

export function startScratchFile(file: string): ScratchFile {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const db = new BetterSqlite3(temp);
  // Nobody reads the file before it is renamed: no journal, no syncing.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  return { db, temp };
}

export function publishScratchFile(scratch: ScratchFile, file: string): void {
  scratch.db.close();
  renameSync(scratch.temp, file);
}

export function discardScratchFile(scratch: ScratchFile): void {
  if (scratch.db.open) scratch.db.close();
  rmSync(scratch.temp, { force: true });
}
