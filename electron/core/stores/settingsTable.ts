import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared';

// The `settings` table: one text value per key (the settings store's fields, the spend settings' JSON).

export function readSetting(db: Database, key: string): string | undefined {
  const row = prepared(db, 'SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

/** Writes every value in one transaction; null or undefined removes the key. */
export function writeSettings(
  db: Database,
  values: Readonly<Record<string, string | null | undefined>>,
): void {
  const upsert = prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = prepared(db, 'DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    for (const [key, value] of Object.entries(values)) {
      if (value === null || value === undefined) remove.run(key);
      else upsert.run(key, value);
    }
  })();
}
