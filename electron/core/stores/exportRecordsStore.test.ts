import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import { loadExportRecords } from './exportRecordsStore';

describe('export records store', () => {
  // The RAW was found first (the lower file id), as when a folder is copied in RAW by RAW.
  const catalogue = catalogueForEachTest(
    'export-records',
    `INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now');
     INSERT INTO photos (id, hash, bytes, created_at) VALUES (1, 'h1', 1, 'now');
     INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
       (1, '/a/IMG_1.CR3', 1, 1, 1, NULL),
       (1, '/a/broken.jpg', 1, 1, 1, 'cannot decode'),
       (1, '/a/IMG_1.JPG', 1, 1, 1, NULL),
       (1, '/a/copy/IMG_1.JPG', 1, 1, 1, NULL);`,
  );

  it('names a RAW+JPEG pair by its JPEG, as every list does, the RAW among its other readable paths', () => {
    const [loaded] = loadExportRecords(catalogue.db, [1], 'suggestions');
    expect(loaded!.record.path).toBe('/a/IMG_1.JPG');
    expect(loaded!.record.otherPaths).toEqual(['/a/copy/IMG_1.JPG', '/a/IMG_1.CR3']);
  });
});
