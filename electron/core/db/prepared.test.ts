import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import { openDatabase } from './openDatabase';
import { prepared, preparedArrays, preparedValues } from './prepared';

describe('prepared statements', () => {
  const catalogue = catalogueForEachTest('prepared');

  it('prepares one statement per text and database', () => {
    const sql = `SELECT value FROM settings WHERE key = ?`;
    expect(prepared(catalogue.db, sql)).toBe(prepared(catalogue.db, sql));
    const other = openDatabase(join(catalogue.dir, 'other.db'));
    try {
      expect(prepared(other, sql)).not.toBe(prepared(catalogue.db, sql));
    } finally {
      other.close();
    }
  });

  it('keeps whole rows and plucked values apart for the same text', () => {
    prepared(catalogue.db, `INSERT INTO settings (key, value) VALUES (?, ?)`).run('k', 'v');
    const sql = `SELECT value FROM settings WHERE key = ?`;
    expect(preparedValues(catalogue.db, sql).get('k')).toBe('v');
    // A shared statement whose mode one caller switched would answer 'v' here too.
    expect(prepared(catalogue.db, sql).get('k')).toEqual({ value: 'v' });
    expect(preparedValues(catalogue.db, sql).all('k')).toEqual(['v']);
  });

  it('keeps raw arrays apart from rows and values for the same text', () => {
    prepared(catalogue.db, `INSERT INTO settings (key, value) VALUES (?, ?)`).run('k', 'v');
    const sql = `SELECT key, value FROM settings WHERE key = ?`;
    expect(preparedArrays(catalogue.db, sql).all('k')).toEqual([['k', 'v']]);
    expect(prepared(catalogue.db, sql).get('k')).toEqual({ key: 'k', value: 'v' });
  });
});
