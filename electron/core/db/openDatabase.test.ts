import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, migrate, openDatabase } from './openDatabase';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';

describe('openDatabase', () => {
  it('applies every migration and records it in user_version', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });

  it('refuses a catalogue from a newer version', () => {
    const db = openDatabase(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(DatabaseFromFutureError);
  });

  it('keeps the full-text index in sync with captions, tags and paths', () => {
    const db = openDatabase(':memory:');
    db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/p', 'now')`).run();
    db.prepare(
      `INSERT INTO photos (id, hash, bytes, created_at, camera_model) VALUES (1, 'h', 1, 'now', 'NIKON D3')`,
    ).run();
    db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, '/p/Holiday/beach.jpg', 1, 1, 1)`,
    ).run();
    db.prepare(`UPDATE photos SET caption = 'A dog runs on the sand' WHERE id = 1`).run();
    db.prepare(`INSERT INTO photo_tags (photo_id, tag) VALUES (1, 'seaside')`).run();
    const match = (q: string) =>
      db.prepare(`SELECT rowid FROM photos_fts WHERE photos_fts MATCH ?`).all(q).length;
    expect(match('dog')).toBe(1);
    expect(match('seaside')).toBe(1);
    expect(match('holiday')).toBe(1);
    expect(match('nikon')).toBe(1);
    db.prepare(`DELETE FROM photo_tags WHERE photo_id = 1`).run();
    expect(match('seaside')).toBe(0);
    db.prepare(`DELETE FROM photos WHERE id = 1`).run();
    expect(match('dog')).toBe(0);
  });
});

describe('migrations merged below the latest', () => {
  it('a catalogue written before migration 13 existed gets it on opening, and nothing else twice', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      migrate(db, 12);
      for (const { version, up } of MIGRATIONS) if (version > 13) up(db);
      // As an older build left it: user_version alone, at the latest it knew.
      db.exec('DROP TABLE schema_migrations');
      db.pragma(`user_version = ${LATEST_VERSION}`);
      migrate(db);
      const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(applied).toEqual(MIGRATIONS.map((migration) => migration.version));
      expect(
        db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'search_docs_indexed'`).get(),
      ).toBeDefined();
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      db.close();
    }
  });

  it('refuses a catalogue that had a migration this build does not know', () => {
    const db = openDatabase(':memory:');
    try {
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(999);
      expect(() => migrate(db)).toThrow(DatabaseFromFutureError);
    } finally {
      db.close();
    }
  });
});
