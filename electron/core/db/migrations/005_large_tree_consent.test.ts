import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../openDatabase';

describe('migration 005: consent to huge trees', () => {
  it('keeps every folder and asks about none of them yet', () => {
    const db = new Database(':memory:');
    migrate(db, 4);
    db.prepare(`INSERT INTO folders (id, path, added_at, local_only) VALUES (1, '/photos', 'then', 1)`).run();
    migrate(db, 5);
    expect(db.prepare('SELECT id, path, local_only, large_tree_ok FROM folders').all()).toEqual([
      { id: 1, path: '/photos', local_only: 1, large_tree_ok: 0 },
    ]);
    expect(() => db.prepare('UPDATE folders SET large_tree_ok = 2').run()).toThrow(/CHECK/);
    db.close();
  });
});
