import { describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import { record, results } from './bakeoffStore';

describe('bake-off store', () => {
  const catalogue = catalogueForEachTest(
    'bakeoff-store',
    `
      INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now');
      INSERT INTO photos (id, hash, bytes, created_at) VALUES (1, 'h1', 1, 'now'), (2, 'h2', 1, 'now');
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id, error) VALUES
        (1, '/a/IMG_1.CR2', 1, 1, 1, NULL),
        (1, '/a/IMG_1.JPG', 1, 1, 1, NULL),
        (1, '/a/broken.jpg', 1, 1, 2, 'cannot decode'),
        (1, '/a/whole.jpg', 1, 1, 2, NULL);
    `,
  );

  it("names each answer by the file its picture came from: the pair's JPEG, a readable copy", () => {
    for (const photoId of [1, 2])
      record(
        catalogue.db,
        1,
        { photoId, model: 'm', caption: 'c', tags: ['t'], latencyMs: 1, costUsd: 0, error: null },
        'now',
      );
    expect(results(catalogue.db, 1).map((r) => [r.photoId, r.fileName, r.hash, r.tags])).toEqual([
      [1, 'IMG_1.JPG', 'h1', ['t']],
      [2, 'whole.jpg', 'h2', ['t']],
    ]);
  });
});
