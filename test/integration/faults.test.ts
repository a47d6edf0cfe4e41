// Every provider fault the queue must survive, against the fake provider in each flavour it applies to.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type Fault, type FakeProvider, type Flavour } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

const FLAVOURS: Flavour[] = ['openrouter', 'vercel', 'mistral'];
const PHOTO = 'photos/animal_sheep-grazing-in-field.jpg';

let library: TempLibrary | undefined;
let provider: FakeProvider | undefined;
let core: Core | undefined;

afterEach(async () => {
  await core?.stop();
  await provider?.close();
  library?.remove();
  core = provider = library = undefined;
});

/** One photo, one flavour, the given faults queued up before the first call. */
async function setUp(flavour: Flavour, faults: Array<[Fault, number]>) {
  library = makeTempLibrary([]);
  copyFileSync(corpusPath(PHOTO), join(library.photos, 'sheep.jpg'));
  provider = await startFakeProvider({ flavour });
  for (const [fault, count] of faults) provider.failNext(fault, count);
  core = await startCore(library.dataDir, {
    ...envFor(provider, flavour),
    SHOEBOX_RETRY_BASE_MS: '20',
    SHOEBOX_REQUEST_TIMEOUT_MS: '1500',
  });
  await core.api['folders.add']({ path: library.photos });
  await approveAll(core);
  return { core, provider };
}

async function onlyPhoto(c: Core) {
  const [photo] = (await c.api['photos.search']({ text: '' })).items;
  return (await c.api['photos.get']({ id: photo!.id }))!;
}

describe.each(FLAVOURS)('faults on %s', (flavour) => {
  it('retries 5xx, a hung connection, an error inside HTTP 200 and a malformed reply, then captions', async () => {
    const faults: Array<[Fault, number]> = [
      ['server-500', 1],
      ['bad-gateway-502', 1],
      ['unavailable-503', 1],
      ['hang', 1],
      ['error-in-200', 1],
      ['malformed-json', 1],
    ];
    const { core: c, provider: p } = await setUp(flavour, faults);
    const status = await waitUntilSettled(c, 60_000);
    expect(status.done).toBe(1);
    expect(p.requests.map((r) => r.fault)).toEqual([...faults.map(([f]) => f), null]);
    expect((await onlyPhoto(c)).caption).toMatch(/sheep/i);
  }, 90_000);

  it('honours Retry-After on 429 and slows down', async () => {
    const { core: c, provider: p } = await setUp(flavour, [['rate-limit-429', 1]]);
    await waitUntilSettled(c);
    const [limited, retried] = p.requests;
    expect([limited!.status, retried!.status]).toEqual([429, 200]);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('reads JSON wrapped in a code fence or in prose on the first try', async () => {
    const { core: c, provider: p } = await setUp(flavour, [['fenced-json', 1]]);
    await waitUntilSettled(c);
    expect(p.requests).toHaveLength(1);
    expect((await onlyPhoto(c)).tags.length).toBeGreaterThanOrEqual(5);
  });

  it('retries an empty reply and reads JSON inside prose', async () => {
    const { core: c, provider: p } = await setUp(flavour, [
      ['empty-content', 1],
      ['prose-around-json', 1],
    ]);
    expect((await waitUntilSettled(c)).done).toBe(1);
    expect(p.requests.map((r) => r.fault)).toEqual(['empty-content', 'prose-around-json']);
  });

  it('marks a photo failed with the reason after three replies that fail validation', async () => {
    const { core: c, provider: p } = await setUp(flavour, [['invalid-tags', 3]]);
    const status = await waitUntilSettled(c);
    expect(status.failed).toBe(1);
    expect(p.requests).toHaveLength(3);
    expect((await onlyPhoto(c)).error).toMatch(/tags/i);
  });

  it('marks a photo refused by the provider and never retries it', async () => {
    const { core: c, provider: p } = await setUp(flavour, [['content-filter', 1]]);
    const status = await waitUntilSettled(c);
    expect(status.refused).toBe(1);
    const photo = await onlyPhoto(c);
    expect([photo.status, photo.error]).toEqual(['refused', expect.stringMatching(/refused/)]);
    await c.api['queue.retryFailed']({});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(p.requests).toHaveLength(1);
  });
});

describe('faults that stop the whole queue', () => {
  it('pauses on 402 (OpenRouter) instead of retrying each photo, and carries on after top-up and resume', async () => {
    const { core: c, provider: p } = await setUp('openrouter', [['insufficient-credits-402', 1]]);
    const paused = await waitFor('the pause', async () => {
      const s = await c.api['queue.status']({});
      return s.paused ? s : undefined;
    });
    expect(paused.blockedReason).toMatch(/credits.*top up/i);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(p.requests).toHaveLength(1);
    await c.api['queue.resume']({});
    expect((await waitUntilSettled(c)).done).toBe(1);
  });

  it('sends Mistral only the fields it accepts', async () => {
    const { core: c, provider: p } = await setUp('mistral', []);
    await waitUntilSettled(c);
    expect(p.requests[0]!.status).toBe(200);
    expect(
      p.requests[0]!.fields.every((f) =>
        [
          'model',
          'messages',
          'temperature',
          'max_tokens',
          'response_format',
          'top_p',
          'random_seed',
        ].includes(f),
      ),
    ).toBe(true);
  });
});

describe('budget caps', () => {
  it('stops before a call that could pass the daily cap, says which cap, and resumes when it is raised', async () => {
    library = makeTempLibrary(['photos']);
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    await core.api['settings.update']({ concurrency: 16 });
    await core.api['spend.updateSettings']({ dailyUsd: 0.002 });
    await core.api['folders.add']({ path: library.photos });
    const estimate = await waitFor('an estimate', async () => {
      const e = await core!.api['spend.estimate']({});
      const folders = await core!.api['folders.list']({});
      return folders[0]?.state === 'watching' ? e : undefined;
    });
    expect(estimate.photos).toBe(34);
    expect(estimate.costUsd).toBeGreaterThan(0.002);
    await core.api['queue.approve']({});
    const capped = await waitFor('the cap', async () => {
      const s = await core!.api['queue.status']({});
      return s.budgetCap && s.running === 0 ? s : undefined;
    });
    expect(capped.budgetCap).toBe('daily');
    expect(capped.blockedReason).toMatch(/daily limit of \$0\.002 is reached/);
    const report = await core.api['spend.report']({});
    expect(report.today).toBeLessThanOrEqual(0.002);
    expect(capped.done).toBeGreaterThan(0);
    expect(capped.done).toBeLessThan(34);

    await core.api['spend.updateSettings']({ dailyUsd: 1 });
    expect((await waitUntilSettled(core, 60_000)).done).toBe(34);
    const csv = (await core.api['spend.ledgerCsv']({})).csv.trim().split('\r\n');
    expect(csv.length - 1).toBe(provider.requests.length);
  }, 90_000);
});

describe('pacing by rate-limit headers', () => {
  it("slows down as Mistral's request window runs out, so no 429 comes", async () => {
    library = makeTempLibrary([]);
    const photos = [
      'photos/animal_sheep-grazing-in-field.jpg',
      'photos/animal_squirrel-on-branch.jpg',
      'photos/food_fig-in-red-bowl.jpg',
      'photos/object_paint-brushes.jpg',
      'photos/people_group-with-dog.jpg',
      'photos/food_heart-shaped-chocolate-box.jpg',
    ];
    for (const photo of photos) copyFileSync(corpusPath(photo), join(library.photos, photo.split('/')[1]!));
    provider = await startFakeProvider({ flavour: 'mistral', requestsPerMinute: 6, latencyMs: 50 });
    core = await startCore(library.dataDir, envFor(provider, 'mistral'));
    await core.api['settings.update']({ concurrency: 4 });
    await core.api['folders.add']({ path: library.photos });
    // Every photo catalogued before any is approved, so the first four calls do go out together (on a loaded
    // machine a scan still running would send them one by one, and the window would never run low at once).
    const c = core;
    await waitFor(
      'all six photos catalogued',
      async () => {
        const [folder] = await c.api['folders.list']({});
        return folder?.state === 'watching' && folder.photoCount === photos.length ? folder : undefined;
      },
      { timeoutMs: 30_000 },
    );
    await approveAll(core);
    expect((await waitUntilSettled(core, 60_000)).done).toBe(6);
    const times = provider.requests.map((r) => r.at);
    expect(provider.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // Once a reply said the window was nearly used up, the next call waited. Which call that is depends on how
    // many went out before the first reply (on a loaded machine preparing an upload can outlast a reply), so the
    // test looks for the pause, not for its place; without pacing every gap is about one 50 ms reply.
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1500);
  }, 60_000);
});
