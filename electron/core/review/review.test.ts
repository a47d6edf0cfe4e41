import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPhoto, listTags, searchPhotos } from '../catalog/index';
import type { Clock } from '../clock';
import { openDatabase } from '../db/openDatabase';
import { storeImported } from './importedMetadata';
import { storeModelSuggestion } from './modelOutput';
import { createReviewService, type ReviewService } from './reviewService';
import { listVocabulary, removeRule } from './vocabulary';

let dir: string;
let db: Database;
let review: ReviewService;
let changed: number[][];
const clock: Clock = { now: () => Date.parse('2026-11-23T10:00:00Z') };

function addPhoto(name: string): number {
  const id = Number(
    db
      .prepare(`INSERT INTO photos (hash, bytes, caption_status, created_at) VALUES (?, 1, 'done', ?)`)
      .run(`hash-${name}`, '2026-01-01T00:00:00Z').lastInsertRowid,
  );
  db.prepare(`INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 1, ?)`).run(
    `/photos/${name}`,
    id,
  );
  return id;
}

function answer(photoId: number, caption: string, tags: string[], model = 'pixtral-12b'): void {
  storeModelSuggestion(db, photoId, { caption, tags, model, promptVersion: 1, at: '2026-11-23T09:00:00Z' });
}

const states = (photoId: number) =>
  Object.fromEntries(getPhoto(db, photoId)!.tagEntries.map((t) => [t.tag, t.state]));
// Exact words only: these tests follow tags, not the related words a search also finds.
const found = (text: string) => searchPhotos(db, { text, exact: true }).items.map((p) => p.id);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-review-'));
  db = openDatabase(join(dir, 'catalogue.sqlite'));
  db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', '2026-01-01')`).run();
  changed = [];
  review = createReviewService(db, clock, (ids) => changed.push([...ids]));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('model suggestions', () => {
  it('arrive as suggestions with provenance, and the photo waits in the review queue', () => {
    const id = addPhoto('a.jpg');
    answer(id, 'A dog on a beach', ['dog', 'beach', 'sea']);
    const photo = getPhoto(db, id)!;
    expect(photo.captionEntry).toMatchObject({
      text: 'A dog on a beach',
      state: 'suggested',
      origin: 'model',
    });
    expect(photo.captionEntry).toMatchObject({ detail: 'pixtral-12b', promptVersion: 1 });
    expect(photo.tags).toEqual(['dog', 'beach', 'sea']);
    expect(photo.tagEntries[0]).toMatchObject({ tag: 'dog', state: 'suggested', detail: 'pixtral-12b' });
    expect(review.queue({}).items.map((p) => p.id)).toEqual([id]);
  });

  it('never replace what the user accepted, wrote or rejected, and rejected tags are not suggested again', async () => {
    const id = addPhoto('a.jpg');
    answer(id, 'A dog on a beach', ['dog', 'beach', 'sea', 'sand']);
    await review.setTagState(id, 'beach', 'accepted');
    await review.setTagState(id, 'sea', 'rejected');
    await review.addTag(id, 'Holiday 2019');
    review.editCaption(id, 'Rex at Brighton');
    answer(id, 'A brown dog running on sand', ['dog', 'sea', 'running']);
    const photo = getPhoto(db, id)!;
    expect(photo.captionEntry).toMatchObject({ text: 'Rex at Brighton', state: 'user', origin: 'user' });
    expect(photo.captionSuggestion).toBe('A brown dog running on sand');
    expect(states(id)).toEqual({
      dog: 'suggested',
      running: 'suggested',
      sea: 'rejected',
      beach: 'accepted',
      'Holiday 2019': 'user',
    });
    // 'sand' was an unreviewed suggestion the new answer dropped; 'sea' stays rejected and out of search.
    expect(found('sea')).toEqual([]);
    expect(found('brighton')).toEqual([id]);
  });

  it('follow the vocabulary: merged tags arrive renamed and deleted tags are dropped', async () => {
    const a = addPhoto('a.jpg');
    const b = addPhoto('b.jpg');
    answer(a, 'A puppy', ['puppy', 'grass', 'blurry']);
    answer(b, 'A dog', ['dog', 'ball']);
    await review.renameTag('puppy', 'dog');
    await review.deleteTag('blurry');
    expect(states(a)).toEqual({ dog: 'suggested', grass: 'suggested' });
    const c = addPhoto('c.jpg');
    answer(c, 'Another puppy', ['puppy', 'blurry', 'Puppy', 'lawn']);
    expect(getPhoto(db, c)!.tags).toEqual(['dog', 'lawn']);
    const vocabulary = listVocabulary(db);
    expect(vocabulary.tags.find((t) => t.tag === 'dog')).toMatchObject({ photos: 3, suggested: 3 });
    expect(vocabulary.rules).toEqual([
      expect.objectContaining({ from: 'blurry', to: null }),
      expect.objectContaining({ from: 'puppy', to: 'dog' }),
    ]);
  });
});

describe('review actions', () => {
  it('accept all, then undo restores the suggestions exactly', async () => {
    const id = addPhoto('a.jpg');
    answer(id, 'A cat', ['cat', 'sofa']);
    const before = getPhoto(db, id)!;
    expect((await review.acceptAll(id)).label).toBe('Accepted all suggestions on a.jpg');
    expect(getPhoto(db, id)!.captionEntry!.state).toBe('accepted');
    expect(states(id)).toEqual({ cat: 'accepted', sofa: 'accepted' });
    expect(review.queue({}).total).toBe(0);
    expect((await review.undo())!.label).toBe('Accepted all suggestions on a.jpg');
    expect(getPhoto(db, id)).toEqual(before);
    expect(await review.undo()).toBeNull();
    expect(changed).toEqual([[id], [id]]);
  });

  it('an edited caption is searchable at once and the old words are gone; undo brings them back', async () => {
    const id = addPhoto('a.jpg');
    answer(id, 'A cat on a sofa', ['cat']);
    review.editCaption(id, 'Grandma’s tabby, Mittens');
    expect(found('mittens')).toEqual([id]);
    expect(found('sofa')).toEqual([]);
    await review.undo();
    expect(found('sofa')).toEqual([id]);
    expect(found('mittens')).toEqual([]);
  });

  it('by tag: accepts on the chosen photos and rejects on the deselected ones, undone as one', async () => {
    const ids = ['1.jpg', '2.jpg', '3.jpg', '4.jpg'].map(addPhoto);
    for (const id of ids) answer(id, 'Sand and sea', ['beach', 'sea']);
    const page = review.byTag({ tag: 'beach' });
    expect(page).toMatchObject({ total: 4, suggested: 4 });
    const outcome = await review.bulkTag('beach', ids.slice(0, 3), [ids[3]!]);
    expect(outcome.label).toBe('Accepted ‘beach’ on 3 photos, rejected it on 1 photo');
    expect(ids.map((id) => states(id).beach)).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
    expect(searchPhotos(db, { text: '', tag: 'beach' }).total).toBe(3);
    expect(listTags(db).find((t) => t.tag === 'beach')!.count).toBe(3);
    await review.undo();
    expect(ids.map((id) => states(id).beach)).toEqual(['suggested', 'suggested', 'suggested', 'suggested']);
    expect(searchPhotos(db, { text: '', tag: 'beach' }).total).toBe(4);
  });

  it('a merge keeps the stronger word where a photo had both, and undo splits them again', async () => {
    const a = addPhoto('a.jpg');
    answer(a, 'Pup', ['puppy', 'dog']);
    await review.addTag(a, 'puppy');
    expect(states(a)).toEqual({ puppy: 'accepted', dog: 'suggested' });
    const outcome = await review.renameTag('puppy', 'dog');
    expect(outcome.label).toBe('Merged ‘puppy’ into ‘dog’ on 1 photo');
    expect(states(a)).toEqual({ dog: 'accepted' });
    expect(found('puppy')).toEqual([]);
    await review.undo();
    expect(states(a)).toEqual({ puppy: 'accepted', dog: 'suggested' });
    expect(listVocabulary(db).rules).toEqual([]);
    expect(found('puppy')).toEqual([a]);
  });

  it('a rename that only changes case keeps every photo’s state and makes no rule', async () => {
    const a = addPhoto('a.jpg');
    const b = addPhoto('b.jpg');
    storeImported(
      db,
      a,
      { caption: null, keywords: ['Beach'], captionSource: null, keywordSource: 'IPTC' },
      'x',
    );
    answer(b, 'Sea', ['beach']);
    const outcome = await review.renameTag('beach', 'Beach');
    expect(outcome.label).toBe('Renamed ‘beach’ to ‘Beach’ on 2 photos');
    expect([states(a), states(b)]).toEqual([{ Beach: 'user' }, { Beach: 'suggested' }]);
    expect(listVocabulary(db).rules).toEqual([]);
    await review.undo();
    expect([states(a), states(b)]).toEqual([{ Beach: 'user' }, { beach: 'suggested' }]);
  });

  it('removing a rule lets the model’s word through again', async () => {
    const a = addPhoto('a.jpg');
    answer(a, 'x', ['blurry']);
    await review.deleteTag('blurry');
    expect(removeRule(db, review.log, 'blurry').label).toBe('Stopped dropping ‘blurry’');
    answer(a, 'x', ['blurry']);
    expect(getPhoto(db, a)!.tags).toEqual(['blurry']);
  });

  it('refuses empty tags and unknown photos with a message', async () => {
    const a = addPhoto('a.jpg');
    await expect(review.addTag(a, '   ')).rejects.toThrow('A tag cannot be empty.');
    await expect(review.acceptAll(999)).rejects.toThrow('no longer in the catalogue');
    await expect(review.setTagState(a, 'nope', 'rejected')).rejects.toThrow('a.jpg has no tag ‘nope’.');
  });
});

describe('imported metadata', () => {
  it('counts as the user’s: the model only adds suggestions beside it', () => {
    const id = addPhoto('old.jpg');
    storeImported(
      db,
      id,
      {
        caption: 'A witty caption',
        keywords: ['ExifTool', 'Test'],
        captionSource: 'IPTC',
        keywordSource: 'IPTC',
      },
      '2026-11-23T08:00:00Z',
    );
    answer(id, 'A small test image', ['test', 'pattern']);
    const photo = getPhoto(db, id)!;
    expect(photo.captionEntry).toMatchObject({
      text: 'A witty caption',
      state: 'user',
      origin: 'import',
      detail: 'IPTC',
    });
    expect(photo.captionSuggestion).toBe('A small test image');
    expect(states(id)).toEqual({ ExifTool: 'user', Test: 'user', pattern: 'suggested' });
  });

  it('read again, only adds, and follows the vocabulary like the model’s words', async () => {
    const id = addPhoto('old.jpg');
    answer(id, 'A model caption', ['dog']);
    await review.setTagState(id, 'dog', 'rejected');
    await review.renameTag('puppy', 'dog');
    await review.deleteTag('blurry');
    storeImported(
      db,
      id,
      { caption: 'Rex', keywords: ['puppy', 'blurry', 'Garden'], captionSource: 'XMP', keywordSource: 'XMP' },
      '2026-11-23T08:00:00Z',
    );
    const photo = getPhoto(db, id)!;
    expect(photo.captionEntry).toMatchObject({ text: 'Rex', state: 'user' });
    expect(photo.captionSuggestion).toBe('A model caption');
    // 'puppy' arrives as 'dog', which the user rejected: it stays rejected; 'blurry' was deleted.
    expect(states(id)).toEqual({ dog: 'rejected', Garden: 'user' });
    review.editCaption(id, 'Rex in the garden');
    storeImported(
      db,
      id,
      { caption: 'Rex', keywords: [], captionSource: 'XMP', keywordSource: null },
      'later',
    );
    expect(getPhoto(db, id)!.caption).toBe('Rex in the garden');
  });
});

describe('a caption kept aside, and undo of vocabulary edits', () => {
  it('uses the model’s newer caption beside the user’s, and undo puts the user’s back with it aside', async () => {
    const a = addPhoto('a.jpg');
    review.editCaption(a, 'My dog Rex');
    expect(() => review.useSuggestedCaption(a)).toThrow('a.jpg has no newer suggested caption.');
    answer(a, 'A dog on the sand', ['dog']);
    expect(getPhoto(db, a)).toMatchObject({ caption: 'My dog Rex', captionSuggestion: 'A dog on the sand' });
    expect(review.useSuggestedCaption(a).label).toBe('Used the suggested caption on a.jpg');
    expect(getPhoto(db, a)!.captionEntry).toMatchObject({ text: 'A dog on the sand', state: 'accepted' });
    expect(getPhoto(db, a)!.captionSuggestion).toBeNull();
    await review.undo();
    expect(getPhoto(db, a)!.captionEntry).toMatchObject({ text: 'My dog Rex', state: 'user' });
    expect(getPhoto(db, a)!.captionSuggestion).toBe('A dog on the sand');
  });

  it('undoing a delete brings the tag back in its state and forgets the rule; history shows both', async () => {
    const a = addPhoto('a.jpg');
    const b = addPhoto('b.jpg');
    answer(a, 'x', ['blurry', 'dog']);
    answer(b, 'y', ['blurry']);
    await review.setTagState(b, 'blurry', 'accepted');
    await review.deleteTag('blurry');
    expect([states(a), states(b)]).toEqual([{ dog: 'suggested' }, {}]);
    expect(listVocabulary(db).rules).toMatchObject([{ from: 'blurry', to: null }]);
    expect((await review.undo())?.label).toBe('Deleted ‘blurry’ from 2 photos');
    expect([states(a), states(b)]).toEqual([
      { blurry: 'suggested', dog: 'suggested' },
      { blurry: 'accepted' },
    ]);
    expect(listVocabulary(db).rules).toEqual([]);
    expect(review.history().map((edit) => [edit.label, edit.undone])).toEqual([
      ['Deleted ‘blurry’ from 2 photos', true],
      ['Accepted ‘blurry’ on b.jpg', false],
    ]);
  });

  it('undoing a rename puts back the rule it replaced and the rules that pointed at the old name', async () => {
    const a = addPhoto('a.jpg');
    answer(a, 'x', ['pup']);
    await review.renameTag('puppy', 'pup');
    await review.renameTag('pup', 'dog');
    const rules = () => listVocabulary(db).rules.map((rule) => [rule.from, rule.to]);
    expect(rules()).toEqual([
      ['pup', 'dog'],
      ['puppy', 'dog'],
    ]);
    await review.undo();
    expect(rules()).toEqual([['puppy', 'pup']]);
    expect(states(a)).toEqual({ pup: 'suggested' });
  });
});
