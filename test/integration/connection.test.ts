// "Test connection" and the queue tell the same truth about a provider set-up: a bad key or a model the
// provider does not serve is said in words before any photo is sent, with the provider's own vision models
// to choose from; a model whose image tokens are not Pixtral's gets estimates learned from reported usage.
import { describe, expect, it } from 'vitest';
import { estimateCaptionCost } from '../../shared/costModel';
import type { ProviderId } from '../../shared/types';
import type { Core } from '../../electron/core/coreInterface';
import type { FakeProvider, FakeProviderOptions } from '../fake-provider/server';
import { waitUntilSettled } from '../support/coreHarness';
import { providerCores, type ProviderCore } from '../support/providerCore';
import { waitFor } from '../support/waitFor';

const PHOTOS = [
  'photos/animal_squirrel-on-branch.jpg',
  'photos/food_citrus-fruit-slices.jpg',
  'photos/object_paint-brushes.jpg',
  'photos/landscape_forest-path_olympus-em1.jpg',
  'photos/people_group-with-dog.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
];

const start = providerCores();
let started: ProviderCore;
let provider: FakeProvider;

async function setUp(
  options: FakeProviderOptions,
  setup: { provider: ProviderId; model?: string; key?: string; uploadMaxPx?: number },
): Promise<Core> {
  started = await start(options, setup);
  provider = started.provider;
  return started.core;
}

async function blockedWith(c: Core, words: string): Promise<string> {
  const status = await waitFor('the queue to pause', async () => {
    const current = await c.api['queue.status']({});
    return current.paused ? current : undefined;
  });
  expect(status.blockedReason).toContain(words);
  return status.blockedReason!;
}

describe('Test connection', () => {
  it('says all is well with the price from the provider’s own list (OpenRouter)', async () => {
    const c = await setUp({ flavour: 'openrouter' }, { provider: 'openrouter', uploadMaxPx: 512 });
    const result = await c.api['settings.testConnection']({});
    // The list's price: $0.10 per million tokens each way and $0.000145 an image, at 512 px.
    const expected = estimateCaptionCost({
      price: { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage: 0.000145 },
      width: 4032,
      height: 3024,
      uploadMaxPx: 512,
    });
    expect(result).toMatchObject({ state: 'ok', priceSource: 'provider', model: 'mistralai/pixtral-12b' });
    expect(result.usdPer1000Photos).toBeCloseTo(expected.cost * 1000, 9);
    expect(result.message).toBe(
      `Key OK · mistralai/pixtral-12b is available · about $${(expected.cost * 1000).toFixed(2)} per 1,000 photos at 512 px`,
    );
    expect(provider.hits.map((hit) => hit.path)).toEqual(['/api/v1/key', '/api/v1/models']);
    expect(provider.requests).toHaveLength(0);
  });

  it('names a bad key, and the queue pauses with it before sending a photo', async () => {
    const c = await setUp({ flavour: 'vercel' }, { provider: 'vercel', key: 'invalid' });
    const result = await c.api['settings.testConnection']({});
    expect(result).toMatchObject({
      state: 'bad-key',
      message: 'Vercel AI Gateway rejected the key (HTTP 401): enter the right key in Settings',
    });
    await started.captionFolder('Trip', PHOTOS.slice(0, 2));
    await blockedWith(c, result.message);
    expect(provider.requests).toHaveLength(0);
  });

  it('says a retired Pixtral is not offered, offers the current vision models, and the queue says the same', async () => {
    const c = await setUp(
      { flavour: 'mistral', retired: ['pixtral-12b-latest'] },
      { provider: 'mistral', model: 'pixtral-12b-latest' },
    );
    const result = await c.api['settings.testConnection']({});
    expect(result.state).toBe('model-not-offered');
    expect(result.alternatives).toEqual(['ministral-14b-2512', 'mistral-small-2506']);
    const sentence =
      'Mistral no longer offers pixtral-12b-latest (retired on 2025-12-31) · vision models it offers: ministral-14b-2512, mistral-small-2506';
    expect(result.message).toBe(`Key OK · ${sentence}`);

    await started.captionFolder('Trip', PHOTOS.slice(0, 3));
    const reason = await blockedWith(c, sentence);
    expect(reason).toBe(`${sentence}: choose another model in Settings`);
    expect(provider.requests).toHaveLength(0);
    expect((await c.api['queue.status']({})).failed).toBe(0);

    // Choosing one of the offered models lifts the pause and the photos go.
    await c.api['settings.update']({ model: result.alternatives[0]! });
    const settled = await waitUntilSettled(c);
    expect([settled.done, settled.failed, settled.paused]).toEqual([3, 0, false]);
  });

  it('tells a typo from a text-only model, and a closed port from both', async () => {
    const c = await setUp(
      { flavour: 'openrouter' },
      { provider: 'openrouter', model: 'mistralai/pixtral-13b' },
    );
    expect(await c.api['settings.testConnection']({})).toMatchObject({
      state: 'model-not-offered',
      message: expect.stringMatching(
        /^Key OK · OpenRouter does not offer mistralai\/pixtral-13b · vision models/,
      ),
      alternatives: expect.arrayContaining(['mistralai/pixtral-12b']),
    });
    await c.api['settings.update']({ model: 'mistralai/mistral-nemo' });
    expect(await c.api['settings.testConnection']({})).toMatchObject({
      state: 'text-only',
      message: expect.stringMatching(
        /^Key OK · mistralai\/mistral-nemo does not take images · vision models/,
      ),
    });
    await provider.close();
    expect(await c.api['settings.testConnection']({})).toMatchObject({
      state: 'unreachable',
      message: expect.stringMatching(/^Cannot reach OpenRouter at http:\/\/127\.0\.0\.1:\d+: /),
    });
  });

  it('pauses in the same words when a model is retired while photos are going', async () => {
    const c = await setUp(
      { flavour: 'mistral', latencyMs: 100 },
      { provider: 'mistral', model: 'pixtral-12b-latest' },
    );
    await started.captionFolder('First', PHOTOS.slice(0, 1));
    expect((await waitUntilSettled(c)).done).toBe(1);
    provider.retire('pixtral-12b-latest');
    await started.captionFolder('Second', PHOTOS.slice(1, 4));
    await blockedWith(c, 'Mistral no longer offers pixtral-12b-latest (retired on 2025-12-31)');
    // The first refusal is followed by a fresh check, whose words name what to use instead.
    await waitFor('the alternatives in the pause', async () =>
      (await c.api['queue.status']({})).blockedReason?.includes('vision models it offers') ? true : undefined,
    );
    const refused = provider.requests.filter((r) => r.status === 400);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(4);
    expect((await c.api['queue.status']({})).failed).toBe(0);
  });
});

describe('a local (custom) server', () => {
  it('is told its list lacks the model, and the queue waits for the server’s own refusal', async () => {
    const c = await setUp({ flavour: 'mistral' }, { provider: 'custom', model: 'llava' });
    const result = await c.api['settings.testConnection']({});
    expect(result).toMatchObject({
      state: 'model-not-offered',
      message: expect.stringMatching(
        /^Key OK · Custom \(OpenAI-compatible\) does not offer llava · vision models/,
      ),
    });
    await started.captionFolder('Trip', PHOTOS.slice(0, 3));
    await blockedWith(c, 'Custom (OpenAI-compatible) does not offer llava: choose another model in Settings');
    expect(provider.requests.length).toBeGreaterThan(0);
    expect(provider.requests.length).toBeLessThanOrEqual(4);
    expect((await c.api['queue.status']({})).failed).toBe(0);
  });
});

describe('estimates for a model that does not count images like Pixtral', () => {
  it('learn the image tokens the provider reports', async () => {
    // Ministral (the Mistral preset) counts far fewer tokens per image than Pixtral's formula.
    const c = await setUp({ flavour: 'mistral' }, { provider: 'mistral' });
    const first = started.photoFolder('First', PHOTOS.slice(0, 4));
    await c.api['folders.add']({ path: first });
    await waitFor(
      'the first scan',
      async () => (await c.api['folders.list']({})).every((f) => f.state !== 'scanning') || undefined,
    );
    const naive = await c.api['spend.estimate']({});
    await c.api['queue.approve']({});
    await waitUntilSettled(c);
    const billedFirst = (await c.api['spend.report']({})).total;
    // Before learning, the Pixtral formula overestimates several times over.
    expect(naive.costUsd / billedFirst).toBeGreaterThan(1.8);

    await c.api['folders.add']({ path: started.photoFolder('Second', PHOTOS.slice(4)) });
    await waitFor(
      'the second scan',
      async () => (await c.api['folders.list']({})).every((f) => f.state !== 'scanning') || undefined,
    );
    const learned = await c.api['spend.estimate']({});
    expect(learned.photos).toBe(2);
    await c.api['queue.approve']({});
    await waitUntilSettled(c);
    const billedSecond = (await c.api['spend.report']({})).total - billedFirst;
    expect(Math.abs(learned.costUsd / billedSecond - 1)).toBeLessThan(0.1);
  });
});
