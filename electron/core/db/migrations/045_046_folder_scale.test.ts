import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { up as folderCountsIndex } from './045_folder_counts_index';
import { up as folderRemoval } from './046_folder_removal';
import { MIGRATIONS } from './index';
import { registerSqlFunctions } from '../sqlFunctions';

type Up = (db: Database.Database) => void;
// The list holds either the functions or { version, up } entries; either way these are the steps in order.
const STEPS: Up[] = (MIGRATIONS as ReadonlyArray<unknown>).map((m) =>
  typeof m === 'function' ? (m as Up) : (m as { up: Up }).up,
);

function databaseBefore(index: number): Database.Database {
  const db = new Database(':memory:');
  // Migration 13's index calls search_text(), which every connection of the app registers.
  registerSqlFunctions(db);
  for (const up of STEPS.slice(0, index)) up(db);
  db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 'then')`).run();
  db.prepare(
    `INSERT INTO photos (id, hash, bytes, caption_status, created_at) VALUES (1, 'h', 1, 'queued', 'then')`,
  ).run();
  db.prepare(
    `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, '/photos/a.jpg', 1, 1, 1)`,
  ).run();
  return db;
}

describe('migrations 045 and 046: folders of a big library', () => {
  it('045 counts a folder from one covering index and keeps every row', () => {
    const index = STEPS.indexOf(folderCountsIndex);
    const db = databaseBefore(index);
    STEPS[index]!(db);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT count(DISTINCT photo_id) FROM files WHERE folder_id = 1 AND photo_id IS NOT NULL AND error IS NULL`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toMatch(/COVERING INDEX files_folder_photo/);
    expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(1);
    db.close();
  });

  it('046 marks no folder as being removed, and refuses anything but 0 or 1', () => {
    const index = STEPS.indexOf(folderRemoval);
    const db = databaseBefore(index);
    STEPS[index]!(db);
    expect(db.prepare('SELECT id, path, removing FROM folders').all()).toEqual([
      { id: 1, path: '/photos', removing: 0 },
    ]);
    expect(() => db.prepare('UPDATE folders SET removing = 2').run()).toThrow(/CHECK/);
    db.close();
  });
});
