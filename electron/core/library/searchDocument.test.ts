import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cjkSpaced } from '../language/cjk';
import { createCatalogueStore } from './catalogueStore';
import { storeModelSuggestion } from '../review/modelOutput';
import { withSearchDocumentHeld } from '../stores/searchDocHold';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import {
  bareMetadata,
  copyCorpus,
  count,
  makeHarness,
  waitFor,
  type Harness,
} from '../../../test/support/libraryHarness';

const A = 'exif/makernote_canon.jpg';
const B = 'exif/makernote_nikon.jpg';
const PNG = 'photos/document_scanned-book-page_grayscale.png';

/**
 * Counts the calls of `search_text`, which the index's triggers make five times (one per column passed through
 * it) for each row they write into the full-text index and five for each they take out of it.
 */
function countSearchText(db: Database): { readonly calls: number; reset(): void } {
  let calls = 0;
  db.function('search_text', { deterministic: true }, (text: unknown) => {
    calls++;
    return typeof text === 'string' ? cjkSpaced(text) : text;
  });
  return {
    get calls() {
      return calls;
    },
    reset() {
      calls = 0;
    },
  };
}

function matches(db: Database, query: string): number {
  return count(db, 'SELECT count(*) FROM photos_fts WHERE photos_fts MATCH ?', query);
}

/** Throws when the index holds anything but what its documents say (FTS5's check against its content). */
function checkIndex(db: Database): void {
  db.prepare(`INSERT INTO photos_fts (photos_fts, rank) VALUES ('integrity-check', 1)`).run();
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe("a photo's search document", () => {
  it('is written once, with its names, when a scan catalogues a new photo', async () => {
    h = makeHarness();
    const searchText = countSearchText(h.db);
    const root = join(h.dir, 'Photos');
    copyCorpus(A, join(root, 'Lisbon trip', 'harbour.jpg'));
    copyCorpus(B, join(root, 'Porto', 'bridge.jpg'));
    copyCorpus(PNG, join(root, 'scans', 'recipe.png'));
    await h.library.addFolder(root);
    await h.library.whenIdle();

    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(3);
    // One index row written per photo, none taken out again: five calls each.
    expect(searchText.calls).toBe(3 * 5);
    expect(matches(h.db, 'names:lisbon')).toBe(1);
    expect(matches(h.db, 'names:harbour')).toBe(1);
    expect(matches(h.db, 'names:bridge AND names:porto')).toBe(1);
    expect(matches(h.db, 'names:recipe')).toBe(1);
    checkIndex(h.db);
  });

  it("follows a renamed and a moved file, a second copy's names and that copy's removal", async () => {
    h = makeHarness({ writeFinishMs: 150, orphanGraceMs: 30_000 });
    const root = join(h.dir, 'Photos');
    const original = copyCorpus(A, join(root, 'Lisbon trip', 'harbour.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    const id = h.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(original) as number;
    const photoIdAt = (path: string) =>
      h!.db.prepare('SELECT photo_id FROM files WHERE path = ?').pluck().get(path);

    /** Moves the photo's file and waits until the index has its new names and none of the old. */
    const relocate = async (from: string, to: string, found: string, gone: string) => {
      mkdirSync(join(to, '..'), { recursive: true });
      renameSync(from, to);
      await waitFor(() => photoIdAt(to) === id && photoIdAt(from) === undefined);
      await h!.library.whenIdle();
      expect(matches(h!.db, found)).toBe(1);
      expect(matches(h!.db, gone)).toBe(0);
      checkIndex(h!.db);
    };
    const renamed = join(root, 'Lisbon trip', 'lighthouse.jpg');
    await relocate(original, renamed, 'names:lighthouse', 'names:harbour');
    const moved = join(root, 'Sintra', 'lighthouse.jpg');
    await relocate(renamed, moved, 'names:sintra', 'names:lisbon');

    const copy = join(root, 'Backup 2019', 'copy.jpg');
    mkdirSync(join(root, 'Backup 2019'));
    copyFileSync(moved, copy);
    await waitFor(() => photoIdAt(copy) === id);
    await h.library.whenIdle();
    expect(count(h.db, 'SELECT count(*) FROM photos')).toBe(1);
    expect(matches(h.db, 'names:backup AND names:sintra')).toBe(1);
    checkIndex(h.db);

    rmSync(copy);
    await waitFor(() => photoIdAt(copy) === undefined);
    expect(matches(h.db, 'names:backup')).toBe(0);
    expect(matches(h.db, 'names:sintra')).toBe(1);
    checkIndex(h.db);
  });
});

describe("a photo's search document, written by the catalogue store", () => {
  const catalogue = catalogueForEachTest('search-document');

  it("holds a new photo's own words from its one write, then follows a caption, a review and a removal", () => {
    const db = catalogue.db;
    const searchText = countSearchText(db);
    const store = createCatalogueStore(db);
    const folder = store.insertFolder('/lib', 'now');
    const facts = { folderId: folder.id, path: '/lib/Azores/crater.jpg', size: 10, mtimeMs: 1 };
    const imported = {
      caption: 'Steaming lagoon',
      keywords: ['volcano', 'hiking'],
      captionSource: 'xmp',
      keywordSource: 'xmp',
    };
    const row = store.insertPhotoWithJob(
      facts,
      'hash-crater',
      'jpeg',
      { ...bareMetadata('jpeg', 10, 10), takenAt: '2019-07-14T10:00:00.000Z', cameraMake: 'Canon' },
      'now',
      'scan',
      imported,
    );
    expect(row).toEqual({ photoId: expect.any(Number), created: true, previous: null });
    expect(searchText.calls).toBe(5);
    for (const query of [
      'caption:lagoon',
      'tags:volcano',
      'tags:hiking',
      'names:azores',
      'camera:canon',
      'taken:july',
    ])
      expect(matches(db, query)).toBe(1);
    checkIndex(db);

    // A tag accepted leaves the document's words as they were: the index row is not written again.
    db.prepare(
      `INSERT INTO photo_tags (photo_id, tag, state, origin) VALUES (?, 'crater', 'suggested', 'model')`,
    ).run(row.photoId);
    searchText.reset();
    db.prepare(`UPDATE photo_tags SET state = 'accepted' WHERE photo_id = ? AND tag = 'crater'`).run(
      row.photoId,
    );
    expect(searchText.calls).toBe(0);
    expect(matches(db, 'tags:crater')).toBe(1);

    // A tag rejected, a caption arriving: out of the index, into it.
    db.prepare(`UPDATE photo_tags SET state = 'rejected' WHERE photo_id = ? AND tag = 'hiking'`).run(
      row.photoId,
    );
    expect(matches(db, 'tags:hiking')).toBe(0);
    db.prepare(
      `UPDATE photos SET caption = 'A blue crater lake', caption_state = 'accepted' WHERE id = ?`,
    ).run(row.photoId);
    expect(matches(db, 'caption:lagoon')).toBe(0);
    expect(matches(db, 'caption:lake')).toBe(1);
    checkIndex(db);

    // A second copy of the same bytes joins the photo: its names join the document.
    const again = store.insertPhotoWithJob(
      { ...facts, path: '/lib/Backup/crater.jpg' },
      'hash-crater',
      'jpeg',
      bareMetadata('jpeg', 10, 10),
      'now',
    );
    expect(again).toEqual({ photoId: row.photoId, created: false, previous: null });
    expect(matches(db, 'names:backup AND names:azores')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM caption_jobs')).toBe(1);
    checkIndex(db);

    store.deleteFile('/lib/Backup/crater.jpg');
    store.deleteFile(facts.path);
    expect(store.deletePhotoIfOrphan(row.photoId)).toBe(true);
    expect(matches(db, 'lake OR volcano OR azores OR canon')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM search_docs')).toBe(0);
    checkIndex(db);
  });

  it('is written whole when a file whose bytes changed is pointed at the new photo', () => {
    const db = catalogue.db;
    const store = createCatalogueStore(db);
    const folder = store.insertFolder('/lib', 'now');
    const facts = { folderId: folder.id, path: '/lib/Madeira/cliff.jpg', size: 10, mtimeMs: 1 };
    const first = store.insertPhotoWithJob(facts, 'hash-before', 'jpeg', bareMetadata('jpeg', 10, 10), 'now');
    const edited = store.insertPhotoWithJob(
      { ...facts, size: 11, mtimeMs: 2 },
      'hash-after',
      'jpeg',
      { ...bareMetadata('jpeg', 10, 10), cameraMake: 'Nikon' },
      'now',
    );
    expect(edited).toMatchObject({ created: true, previous: first.photoId });
    expect(db.prepare(`SELECT photo_id FROM search_docs WHERE names <> ''`).pluck().all()).toEqual([
      edited.photoId,
    ]);
    expect(matches(db, 'names:madeira AND camera:nikon')).toBe(1);
    checkIndex(db);
  });

  it("takes a model's caption and tags in one index write, also over an accepted caption, and is undone whole with a failed write", () => {
    const db = catalogue.db;
    const searchText = countSearchText(db);
    const store = createCatalogueStore(db);
    const folder = store.insertFolder('/lib', 'now');
    const facts = { folderId: folder.id, path: '/lib/Crete/harbour.jpg', size: 10, mtimeMs: 1 };
    const { photoId } = store.insertPhotoWithJob(
      facts,
      'hash-harbour',
      'jpeg',
      bareMetadata('jpeg', 10, 10),
      'now',
    );
    const tags = ['boat', 'harbour', 'lighthouse', 'sea', 'dusk', 'fishing', 'net', 'pier', 'gull', 'rope'];
    const answer = (caption: string, words: string[]) => ({
      caption,
      tags: words,
      model: 'pixtral-12b',
      promptVersion: 1,
      at: 'now',
    });

    searchText.reset();
    storeModelSuggestion(db, photoId, answer('Fishing boats at dusk', tags));
    // One index row out and one in: ten calls, where each tag and the caption had rewritten it (110).
    expect(searchText.calls).toBe(10);
    expect(matches(db, 'caption:dusk')).toBe(1);
    for (const tag of tags) expect(matches(db, `tags:${tag}`)).toBe(1);
    expect(count(db, 'SELECT count(*) FROM search_doc_held')).toBe(0);
    checkIndex(db);

    // The owner accepted the caption and rejected a tag; the next answer keeps both and replaces the rest.
    db.prepare(`UPDATE photos SET caption_state = 'accepted' WHERE id = ?`).run(photoId);
    db.prepare(`UPDATE photo_tags SET state = 'rejected' WHERE photo_id = ? AND tag = 'gull'`).run(photoId);
    searchText.reset();
    storeModelSuggestion(db, photoId, answer('Boats in a harbour', ['boat', 'gull', 'castle']));
    expect(searchText.calls).toBe(10);
    expect(matches(db, 'caption:dusk')).toBe(1);
    expect(matches(db, 'caption:harbour')).toBe(0);
    expect(matches(db, 'tags:castle AND tags:boat')).toBe(1);
    expect(matches(db, 'tags:gull OR tags:rope OR tags:pier')).toBe(0);
    checkIndex(db);

    // A write that fails midway is undone whole: the rows, the hold and the index as they were.
    expect(() =>
      withSearchDocumentHeld(db, photoId, () => {
        db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND tag = 'castle'`).run(photoId);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(matches(db, 'tags:castle')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM search_doc_held')).toBe(0);
    checkIndex(db);

    // A caller that catches the failure inside its own transaction and commits keeps a true document.
    db.transaction(() => {
      try {
        withSearchDocumentHeld(db, photoId, () => {
          db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND tag = 'boat'`).run(photoId);
          throw new Error('disk full');
        });
      } catch {
        // Carries on with what was written.
      }
    })();
    expect(matches(db, 'tags:boat')).toBe(0);
    expect(matches(db, 'tags:castle')).toBe(1);
    expect(count(db, 'SELECT count(*) FROM search_doc_held')).toBe(0);
    checkIndex(db);

    // Outside a hold, a single tag still reaches the index at once.
    db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND tag = 'castle'`).run(photoId);
    expect(matches(db, 'tags:castle')).toBe(0);
    checkIndex(db);
  });
});
