// The real encoder (in its own process) over a real SQLite catalogue: captions get vectors in the background,
// a search finds a photo by what its caption means, a changed caption is embedded again, and the encoder's
// process ends when it has nothing to do.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { addFolder, addPhotos } from '../../../test/support/searchCatalogue';
import { waitFor } from '../../../test/support/waitFor';
import { createMeaningService, ENCODER_NAME, type MeaningService } from './meaningService';
import { searchWithMeaning } from './searchWithMeaning';

let db: Database;
let meaning: MeaningService | undefined;

beforeEach(() => {
  db = openDatabase(':memory:');
});

afterEach(async () => {
  await meaning?.close();
  meaning = undefined;
  db.close();
});

const CAPTIONS = [
  'A man rides a bicycle down a busy city street.',
  'A dog runs along the sand by the sea.',
  'Two children build a snowman in the garden.',
  'A plate of pasta with tomato sauce on a table.',
  'An old church with a tall bell tower.',
];

/** Photos with these captions in one folder; their ids. */
function addCaptions(captions: readonly string[]): number[] {
  return addPhotos(
    db,
    addFolder(db),
    captions.map((caption) => ({ caption })),
  );
}

/** The service started (and stopped after the test, as `meaning`), with every caption there is embedded. */
async function startedService(options?: Parameters<typeof createMeaningService>[1]): Promise<MeaningService> {
  const service = createMeaningService(db, options);
  meaning = service;
  service.start();
  await service.idle();
  return service;
}

describe('search by meaning', () => {
  it('finds a photo whose caption says the same thing in other words', async () => {
    const ids = addCaptions(CAPTIONS);
    meaning = await startedService();
    expect(meaning.status()).toEqual({ indexed: 5, waiting: 0, unavailable: null });

    const page = await searchWithMeaning(db, { text: 'puppy playing at the beach' }, meaning);
    expect(page.items[0]?.id).toBe(ids[1]);
    // No word of this one, nor any related word, is in the pasta's caption: it is found by meaning alone.
    const dinner = await searchWithMeaning(db, { text: 'italian dinner' }, meaning);
    expect(dinner.items.map((item) => item.id)).toEqual([ids[3]]);
    expect(dinner.understood).toMatchObject({ byMeaning: 1, weakerTotal: 1, showingWeaker: true });
    // By words alone nothing matches.
    const exact = await searchWithMeaning(db, { text: 'italian dinner', exact: true }, meaning);
    expect(exact.items).toEqual([]);

    const words = await searchWithMeaning(db, { text: 'kids snowman' }, meaning);
    expect(words.items[0]?.id).toBe(ids[2]);
  }, 60_000);

  it('embeds a changed caption again and never ranks a photo by its old caption', async () => {
    const ids = addCaptions(CAPTIONS);
    meaning = await startedService({ pollMs: 50 });
    db.prepare('UPDATE photos SET caption = ? WHERE id = ?').run(
      'A cat sleeps on a sunny windowsill.',
      ids[1],
    );
    expect(meaning.status().waiting).toBe(1);
    const meanwhile = await searchWithMeaning(db, { text: 'puppy playing at the beach' }, meaning);
    expect(meanwhile.items.map((item) => item.id)).not.toContain(ids[1]);
    await waitFor('the new vector', () => meaning!.status().waiting === 0);
    const kitten = await searchWithMeaning(db, { text: 'kitten napping in the sun' }, meaning);
    expect(kitten.items[0]?.id).toBe(ids[1]);
  }, 60_000);

  it("ends the encoder's process when idle and starts it again when needed", async () => {
    addPhotos(
      db,
      addFolder(db),
      CAPTIONS.slice(0, 2).map((caption) => ({ caption })),
    );
    meaning = await startedService({ idleMs: 100 });
    await waitFor('the encoder to end', () => !meaning!.encoderRunning);
    // A date alone has no word to rank by: the newest photos of that time, with no vector asked for.
    await searchWithMeaning(db, { text: 'summer 2019' }, meaning);
    expect(meaning.encoderRunning).toBe(false);
    const page = await searchWithMeaning(db, { text: 'a puppy on the beach' }, meaning);
    expect(page.items.length).toBeGreaterThan(0);
    expect(meaning.encoderRunning).toBe(true);
  }, 60_000);

  it('keeps the captions queued when their vectors cannot be saved, and saves them once it can', async () => {
    addPhotos(
      db,
      addFolder(db),
      CAPTIONS.slice(0, 2).map((caption) => ({ caption })),
    );
    const failures: string[] = [];
    meaning = createMeaningService(db, { retryMs: 200, onFailure: (reason) => failures.push(reason) });
    // As a full disk does, every write fails.
    db.pragma('query_only = ON');
    meaning.start();
    await meaning.idle();
    expect(failures.join()).toMatch(/could not be saved/);
    expect(meaning.status()).toMatchObject({ indexed: 0, waiting: 2 });
    db.pragma('query_only = OFF');
    await waitFor('the vectors saved on a later try', () => meaning!.status().waiting === 0);
    expect(meaning.status().indexed).toBe(2);
  }, 60_000);

  it('writes no vector while there is no room to spare, and writes them once there is', async () => {
    addPhotos(
      db,
      addFolder(db),
      CAPTIONS.slice(0, 2).map((caption) => ({ caption })),
    );
    let room = false;
    meaning = await startedService({ pollMs: 50, roomToWrite: () => room });
    expect(meaning.status()).toMatchObject({ indexed: 0, waiting: 2 });
    room = true;
    await waitFor('the vectors once there is room', () => meaning!.status().waiting === 0);
    expect(meaning.status().indexed).toBe(2);
  }, 60_000);

  it('goes by words alone, and writes no vector, while captions are not in English', async () => {
    const ids = addCaptions(CAPTIONS);
    let english = false;
    meaning = await startedService({ pollMs: 50, inUse: () => english });
    expect(meaning.status()).toMatchObject({ indexed: 0, waiting: 5 });
    expect((await searchWithMeaning(db, { text: 'italian dinner' }, meaning)).items).toEqual([]);
    english = true;
    await waitFor('the vectors once captions are in English', () => meaning!.status().waiting === 0);
    const dinner = await searchWithMeaning(db, { text: 'italian dinner' }, meaning);
    expect(dinner.items.map((item) => item.id)).toEqual([ids[3]]);
  }, 60_000);

  it("writes again at start the vectors another encoder wrote, which are not comparable with this one's", async () => {
    const ids = addCaptions(CAPTIONS.slice(0, 2));
    db.prepare('DELETE FROM meaning_queue').run();
    for (const id of ids) {
      db.prepare(
        `INSERT INTO caption_vectors (photo_id, encoder, code, vector, scale) VALUES (?, 'an-older-one', x'00', x'00', 1)`,
      ).run(id);
    }
    meaning = await startedService();
    expect(meaning.status()).toMatchObject({ indexed: 2, waiting: 0 });
    expect(db.prepare('SELECT DISTINCT encoder FROM caption_vectors').pluck().all()).toEqual([ENCODER_NAME]);
  }, 60_000);

  it('searches by words alone before any caption has a vector', async () => {
    const ids = addPhotos(db, addFolder(db), [{ caption: 'A dog on a beach.' }]);
    meaning = createMeaningService(db);
    const page = await searchWithMeaning(db, { text: 'dog' }, meaning);
    expect(page.items.map((item) => item.id)).toEqual(ids);
    expect(meaning.encoderRunning).toBe(false);
  });
});
