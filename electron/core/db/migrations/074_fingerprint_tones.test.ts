import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as groupingStore from '../../stores/groupingStore';
import { migrate } from '../openDatabase';

describe('migration 074: fingerprint tones', () => {
  it('keeps every fingerprint, without tones (checked as before), and stores the tones of new ones', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, 73);
      const photo = db.prepare(
        `INSERT INTO photos (hash, bytes, caption_status, created_at) VALUES (?, 1, 'queued', 'then')`,
      );
      const before = Number(photo.run('old').lastInsertRowid);
      db.prepare(
        `INSERT INTO photo_fingerprints (photo_id, dhash, pixel_hash, band0, band1, band2, band3, band4)
           VALUES (?, 'df7cf908900490d8', 'px', 1, 2, 3, 4, 5)`,
      ).run(before);
      migrate(db, 74);
      expect(db.prepare('SELECT dhash, pixel_hash, band4, tones FROM photo_fingerprints').get()).toEqual({
        dhash: 'df7cf908900490d8',
        pixel_hash: 'px',
        band4: 5,
        tones: null,
      });
      const after = Number(photo.run('new').lastInsertRowid);
      groupingStore.saveFingerprint(db, after, {
        dhash: '0000000000000000',
        pixelHash: null,
        tones: 0xff10207f,
      });
      expect(db.prepare('SELECT tones FROM photo_fingerprints WHERE photo_id = ?').pluck().get(after)).toBe(
        0xff10207f,
      );
    } finally {
      db.close();
    }
  });
});
