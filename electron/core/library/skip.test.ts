import { describe, expect, it } from 'vitest';
import { isSkippedName } from './skip';

describe('isSkippedName', () => {
  it('skips hidden and system names, case-insensitively', () => {
    for (const name of [
      '.git',
      '.Trash-1000',
      '.DS_Store',
      '@eaDir',
      '#recycle',
      '$RECYCLE.BIN',
      'Thumbs.db',
    ]) {
      expect(isSkippedName(name), name).toBe(true);
    }
    expect(isSkippedName('System Volume Information')).toBe(true);
    expect(isSkippedName('node_modules')).toBe(true);
  });

  it('keeps ordinary folder and file names', () => {
    for (const name of ['Holiday 2019', 'IMG_0001.JPG', 'recycle', 'eaDir', 'a.b.jpg']) {
      expect(isSkippedName(name), name).toBe(false);
    }
  });
});
