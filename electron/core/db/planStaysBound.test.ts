import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import { SAME_SIZE_SHARING_A_BAND } from '../stores/groupingStore';
import { planStaysBound } from './planStaysBound';
import { prepared } from './prepared';

describe('planStaysBound', () => {
  it('puts a unary plus before a parameter compared with = or IS, in each way a parameter is written', () => {
    expect(
      planStaysBound('SELECT 1 FROM a JOIN b ON b.id = a.id WHERE a.id = ? AND a.x IS ? AND a.y == ?'),
    ).toBe('SELECT 1 FROM a JOIN b ON b.id = a.id WHERE a.id = +? AND a.x IS +? AND a.y == +?');
    expect(planStaysBound('WHERE a=?3 AND b = :b AND c = @c AND d = $d')).toBe(
      'WHERE a=+?3 AND b = +:b AND c = +@c AND d = +$d',
    );
    expect(planStaysBound('UPDATE t SET a = ?, b = ? WHERE id = ?')).toBe(
      'UPDATE t SET a = +?, b = +? WHERE id = +?',
    );
  });

  it('leaves other comparisons, quoted text, names and comments as they are', () => {
    const untouched = [
      'SELECT 1 FROM t WHERE a <= ? AND b >= ? AND c != ? AND d <> ? AND e IS NOT ? AND f LIKE ? AND g IN (?, ?)',
      'SELECT \'= ?\', "x = ?", [y = ?], `z = ?` FROM t WHERE a < ? -- b = ?\n',
      'SELECT 1 FROM t /* a = ? */ WHERE THIS ? AND fn(?) > 0',
      "SELECT 'it''s = ?' FROM t",
    ];
    for (const sql of untouched) expect(planStaysBound(sql)).toBe(sql);
  });

  describe('on the catalogue', () => {
    const catalogue = catalogueForEachTest('plan-stays-bound');

    function seed() {
      const { db } = catalogue;
      db.exec(`INSERT INTO photos (id, hash, bytes, width, height, camera_make, created_at)
        VALUES (1, 'h1', 10, 1, 1, NULL, 'x'), (2, 'h2', 20, 0, 1, '7', 'x'), (3, '3', 30, 1, 0, 'Canon', 'x')`);
      db.exec(`INSERT INTO photo_fingerprints (photo_id, dhash) VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
    }

    it('answers what the text as written answers, whatever the bound value and its type', () => {
      seed();
      const { db } = catalogue;
      const texts = [
        `SELECT p.id, f.dhash FROM photos p JOIN photo_fingerprints f ON f.photo_id = p.id WHERE p.id = ?`,
        `SELECT p.id FROM photos p JOIN photo_fingerprints f ON f.photo_id = p.id WHERE p.camera_make IS ? ORDER BY p.id`,
        `SELECT p.id FROM photos p JOIN photo_fingerprints f ON f.photo_id = p.id WHERE p.hash = ? ORDER BY p.id`,
        `SELECT id FROM photos WHERE width = ? ORDER BY bytes DESC`,
      ];
      // Numbers against a text column and text against an integer one: the column's affinity decides, as before.
      const values = [1, 2, 3, 0, -1, 7, 1.0, 2.5, '1', '3', '7', 'Canon', 'h2', null, 10n];
      for (const text of texts) {
        const asWritten = db.prepare(text);
        const rewritten = prepared(db, text);
        for (const value of values) expect(rewritten.all(value)).toEqual(asWritten.all(value));
      }
    });

    it("keeps SQLite's plan for the statements whose plan matters most", () => {
      const { db } = catalogue;
      const plan = (sql: string, ...values: unknown[]) =>
        db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...values)
          .map((row) => (row as { detail: string }).detail);
      const texts: Array<[string, unknown[]]> = [
        [SAME_SIZE_SHARING_A_BAND, [1]],
        [`SELECT photo_id FROM caption_jobs WHERE batch_id = ?`, [4]],
        [
          `SELECT p.id FROM photos p JOIN files f ON f.photo_id = p.id WHERE f.folder_id = ? ORDER BY p.id`,
          [1],
        ],
        [
          `SELECT id FROM photos WHERE camera_make IS ? AND camera_model IS ? AND taken_at BETWEEN ? AND ?`,
          [1, 2, 3, 4],
        ],
      ];
      for (const [text, values] of texts) {
        expect(planStaysBound(text)).not.toBe(text);
        expect(plan(planStaysBound(text), ...values)).toEqual(plan(text, ...values));
      }
    });
  });
});
