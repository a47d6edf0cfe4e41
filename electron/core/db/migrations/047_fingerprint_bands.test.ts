import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dhashBands } from '../../grouping/dhashBands';
import { up as fingerprintBands } from './047_fingerprint_bands';
import { MIGRATIONS } from './index';
import { registerSqlFunctions } from '../sqlFunctions';

describe('migration 047: difference-hash bands', () => {
  it('gives every fingerprint made before it the bands of its hash, and keeps its rows', () => {
    const at = MIGRATIONS.findIndex((m) => m.up === fingerprintBands);
    expect(at).toBeGreaterThan(0);
    const db = new Database(':memory:');
    // Migration 13's index calls search_text(), which every connection of the app registers.
    registerSqlFunctions(db);
    try {
      for (const m of MIGRATIONS.slice(0, at)) m.up(db);
      const photo = db.prepare(
        `INSERT INTO photos (hash, bytes, caption_status, created_at) VALUES (?, 1, 'queued', 'then')`,
      );
      const fingerprint = db.prepare(
        'INSERT INTO photo_fingerprints (photo_id, dhash, pixel_hash) VALUES (?, ?, ?)',
      );
      const hashes = ['0000000000000000', 'ffffffffffffffff', 'df7cf908900490d8'];
      hashes.forEach((dhash, i) =>
        fingerprint.run(photo.run(`h${i}`).lastInsertRowid, dhash, i ? null : 'px'),
      );
      fingerprintBands(db);
      const rows = db
        .prepare(
          'SELECT dhash, pixel_hash, band0, band1, band2, band3, band4 FROM photo_fingerprints ORDER BY photo_id',
        )
        .raw()
        .all() as Array<[string, string | null, ...number[]]>;
      expect(rows.map((r) => r[0])).toEqual(hashes);
      expect(rows[0]![1]).toBe('px');
      for (const [dhash, , ...bands] of rows) expect(bands).toEqual(dhashBands(dhash));
    } finally {
      db.close();
    }
  });
});
