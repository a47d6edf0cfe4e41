import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../openDatabase';

describe('migration 035: burst groups', () => {
  it('keeps every photo and job, and a removed leader gives its waiting followers their jobs back', () => {
    const db = new Database(':memory:');
    migrate(db, 34);
    const photo = db.prepare(
      `INSERT INTO photos (id, hash, bytes, caption_status, created_at) VALUES (?, ?, 1, 'queued', 'then')`,
    );
    for (const id of [1, 2, 3]) photo.run(id, `h${id}`);
    db.prepare(
      `INSERT INTO caption_jobs (photo_id, state, updated_at, approved) VALUES (1, 'queued', 'then', 1)`,
    ).run();
    migrate(db, 35);
    expect(db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(3);
    expect(db.prepare('SELECT count(*) FROM photo_fingerprints').pluck().get()).toBe(0);

    const follow = db.prepare(
      `INSERT INTO burst_members (photo_id, leader_id, state, reason, approved, origin, grouped_at)
       VALUES (?, 1, ?, 'burst', 1, 'watch', 'now')`,
    );
    follow.run(2, 'waiting');
    follow.run(3, 'copied');
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM photos WHERE id = 1').run();
    expect(db.prepare('SELECT photo_id, state, approved, origin FROM caption_jobs').all()).toEqual([
      { photo_id: 2, state: 'queued', approved: 1, origin: 'watch' },
    ]);
    expect(db.prepare('SELECT count(*) FROM burst_members').pluck().get()).toBe(0);
    expect(() => follow.run(2, 'lost')).toThrow();
    db.close();
  });
});
