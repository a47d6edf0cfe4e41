// Issue 11, item 7: the data folder on a small tmpfs that fills up. Nothing is lost or marked broken, the user
// is told in words, ingest and captioning wait, and both carry on by themselves once there is room.
import { closeSync, copyFileSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/coreInterface';
import { silentLog } from '../../electron/core/log';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import { envFor, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { mountTmpfs, type TmpfsMount } from '../support/tmpfsMount';
import { waitFor } from '../support/waitFor';

const FIRST = ['photos/animal_sheep-grazing-in-field.jpg', 'photos/food_citrus-fruit-slices.jpg'];
const LATER = [
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'photos/animal_honey-bee-on-aster_nikon-d50.jpg',
  'photos/landmark_summer-palace-pagoda-beijing.jpg',
  'photos/night_roebling-suspension-bridge-cincinnati_olympus.jpg',
  'photos/street_leuven-old-town_iphone6_gps.jpg',
  'photos/people_astronaut-eileen-collins.png',
];
const FULL = /The disk holding Shoebox's data is full: .* free\. Free space; nothing was lost\./;

/** Fills the disk under `dir` until a write fails for lack of room. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

let library: TempLibrary | undefined;
let mount: TmpfsMount | undefined;
let provider: FakeProvider | undefined;
let core: Core | undefined;

afterEach(async () => {
  await core?.stop();
  await provider?.close();
  mount?.unmount();
  library?.remove();
  core = provider = mount = library = undefined;
});

describe('a full data disk', () => {
  it('pauses ingest and captioning with a message, records no photo as broken, and resumes when room returns', async (ctx) => {
    library = makeTempLibrary([]);
    const mounted = mountTmpfs(library.dataDir, '5m');
    if ('refused' in mounted) {
      console.warn(`SKIPPED disk-full test: cannot mount a tmpfs here (${mounted.refused})`);
      ctx.skip();
      return;
    }
    mount = mounted;
    FIRST.forEach((photo, i) => copyFileSync(corpusPath(photo), join(library!.photos, `first-${i}.jpg`)));
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await createCore({
      dataDir: library.dataDir,
      env: envFor(provider, 'openrouter'),
      mode: 'browser',
      log: silentLog,
      writeFinishMs: 150,
      diskPollMs: 100,
    });
    const c = core;
    const [folder] = [await c.api['folders.add']({ path: library.photos })];
    await waitFor('the first scan', async () => (await c.api['folders.list']({}))[0]?.state === 'watching');
    await c.api['queue.approve']({});
    expect((await waitUntilSettled(c)).done).toBe(2);

    const filler = join(library.dataDir, 'filler.bin');
    fillDisk(filler);
    LATER.forEach((photo, i) => copyFileSync(corpusPath(photo), join(library!.photos, `later-${i}.jpg`)));

    const told = await waitFor(
      'the folder to say the disk is full',
      async () => {
        const [f] = await c.api['folders.list']({});
        return f?.warning && FULL.test(f.warning) ? f : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(told.id).toBe(folder!.id);
    const held = await c.api['queue.status']({});
    expect(held.blockedReason).toMatch(FULL);
    // A write the user asks for is answered in words, not "see the server log".
    const [first] = (await c.api['photos.search']({ text: '' })).items;
    const edit = await c.api['review.editCaption']({ photoId: first!.id, caption: 'x'.repeat(1900) }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    if (edit) expect(edit.message).toMatch(FULL);
    // Whatever failed to be written is not a verdict on the photo.
    expect(await c.api['photos.unreadable']({})).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await c.api['photos.unreadable']({})).toEqual([]);

    rmSync(filler);
    const done = await waitFor(
      'every photo catalogued and captioned after room returned',
      async () => {
        const [f] = await c.api['folders.list']({});
        const status = await c.api['queue.status']({});
        return f?.photoCount === FIRST.length + LATER.length && status.done === FIRST.length + LATER.length
          ? { f, status }
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(done.f.warning ?? null).toBeNull();
    expect(done.f.unreadableCount).toBe(0);
    expect(done.status.blockedReason).toBeNull();
    expect(await c.api['photos.unreadable']({})).toEqual([]);
  }, 120_000);

  it('holds captioning when the disk fills during a call, never fails the photo, and captions it once there is room', async (ctx) => {
    library = makeTempLibrary([]);
    const mounted = mountTmpfs(library.dataDir, '3m');
    if ('refused' in mounted) {
      console.warn(`SKIPPED disk-full test: cannot mount a tmpfs here (${mounted.refused})`);
      ctx.skip();
      return;
    }
    mount = mounted;
    copyFileSync(corpusPath(FIRST[0]!), join(library.photos, 'only.jpg'));
    provider = await startFakeProvider({ flavour: 'openrouter', latencyMs: 1500 });
    core = await createCore({
      dataDir: library.dataDir,
      env: envFor(provider, 'openrouter'),
      mode: 'browser',
      log: silentLog,
      writeFinishMs: 150,
      diskPollMs: 100,
    });
    const c = core;
    await c.api['folders.add']({ path: library.photos });
    await waitFor('the scan', async () => (await c.api['folders.list']({}))[0]?.state === 'watching');
    await c.api['queue.approve']({});
    await waitFor('the call to be on its way', () => provider!.requests.length > 0 || undefined, {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    // The answer arrives while the disk has no room (stored if SQLite still has room in its log, else sent again).
    const filler = join(library.dataDir, 'filler.bin');
    fillDisk(filler);
    let last: unknown;
    await waitFor('the queue to hold for the disk', async () => {
      const q = await c.api['queue.status']({});
      last = q;
      return q.blockedReason !== null && FULL.test(q.blockedReason) ? q : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(last)}`);
    });
    const [photo] = (await c.api['photos.search']({ text: '' })).items;
    expect(photo!.status).not.toBe('failed');

    rmSync(filler);
    const done = await waitFor(
      'the caption after room returned',
      async () => {
        const q = await c.api['queue.status']({});
        return q.done === 1 ? q : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(done).toMatchObject({ failed: 0, blockedReason: null });
    expect((await c.api['photos.get']({ id: photo!.id }))!.caption).toMatch(/sheep/i);
  }, 60_000);
});
