import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase';
import { prepared, preparedArrays, preparedValues } from './prepared';

describe('prepared statements', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-prepared-'));
    db = openDatabase(join(dir, 'catalogue.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares one statement per text and database', () => {
    const sql = `SELECT value FROM settings WHERE key = ?`;
    expect(prepared(db, sql)).toBe(prepared(db, sql));
    const other = openDatabase(join(dir, 'other.db'));
    try {
      expect(prepared(other, sql)).not.toBe(prepared(db, sql));
    } finally {
      other.close();
    }
  });

  it('keeps whole rows and plucked values apart for the same text', () => {
    prepared(db, `INSERT INTO settings (key, value) VALUES (?, ?)`).run('k', 'v');
    const sql = `SELECT value FROM settings WHERE key = ?`;
    expect(preparedValues(db, sql).get('k')).toBe('v');
    // A shared statement whose mode one caller switched would answer 'v' here too.
    expect(prepared(db, sql).get('k')).toEqual({ value: 'v' });
    expect(preparedValues(db, sql).all('k')).toEqual(['v']);
  });

  it('keeps raw arrays apart from rows and values for the same text', () => {
    prepared(db, `INSERT INTO settings (key, value) VALUES (?, ?)`).run('k', 'v');
    const sql = `SELECT key, value FROM settings WHERE key = ?`;
    expect(preparedArrays(db, sql).all('k')).toEqual([['k', 'v']]);
    expect(prepared(db, sql).get('k')).toEqual({ key: 'k', value: 'v' });
  });
});
