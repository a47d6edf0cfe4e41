// A model is a setting that changes under the user: when the one chosen is retired, captioning goes on with
// the provider's fallback list, and every caption and ledger line names the model that actually answered.
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../shared/types';
import type { Core } from '../../electron/core/coreInterface';
import type { FakeProvider, FakeProviderOptions } from '../fake-provider/server';
import { waitUntilSettled } from '../support/coreHarness';
import { providerCores } from '../support/providerCore';
import { waitFor } from '../support/waitFor';

const PHOTOS = [
  'photos/animal_squirrel-on-branch.jpg',
  'photos/food_citrus-fruit-slices.jpg',
  'photos/object_paint-brushes.jpg',
];

const start = providerCores();
let provider: FakeProvider;

async function captionWith(
  options: FakeProviderOptions,
  setup: { provider: ProviderId; model: string; fallbackModels: string[] },
  before?: (c: Core) => Promise<void>,
): Promise<Core> {
  const started = await start(options, { ...setup, uploadMaxPx: 512 });
  provider = started.provider;
  await before?.(started.core);
  await started.captionFolder('Trip', PHOTOS);
  return started.core;
}

/** The ledger as the user exports it, one record per call. */
async function ledgerRows(c: Core): Promise<Record<string, string>[]> {
  const [header, ...rows] = (await c.api['spend.ledgerCsv']({})).csv.trim().split('\r\n');
  const columns = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i]!, cell])));
}

async function captionModels(c: Core): Promise<string[]> {
  const page = await c.api['photos.search']({ text: '' });
  const models: string[] = [];
  for (const item of page.items) {
    models.push(String((await c.api['photos.get']({ id: item.id }))?.usage?.model));
  }
  return models;
}

describe('fallback models', () => {
  it('on Mistral, switch after the retired model is refused, and the ledger names the model that answered', async () => {
    const c = await captionWith(
      { flavour: 'mistral', retired: ['pixtral-12b-latest'] },
      { provider: 'mistral', model: 'pixtral-12b-latest', fallbackModels: ['ministral-14b-latest'] },
    );
    const status = await waitUntilSettled(c);
    expect(status).toMatchObject({ done: 3, failed: 0, paused: false });
    // Mistral takes no routing fields: the switch is Shoebox's own, so no request carries a list.
    expect(provider.requests.every((r) => !r.fields.includes('models'))).toBe(true);
    expect(provider.requests.filter((r) => r.status === 200).map((r) => r.model)).toEqual(
      Array(3).fill('ministral-14b-latest'),
    );
    const captioned = (await ledgerRows(c)).filter((row) => row.outcome === 'captioned');
    expect(captioned).toHaveLength(3);
    expect(captioned.every((row) => row.answered_model === 'ministral-14b-latest')).toBe(true);
    expect(await captionModels(c)).toEqual(Array(3).fill('ministral-14b-latest'));

    // Review filters by the model that answered, and "re-caption everything it wrote" waits for a yes.
    expect(await c.api['review.models']({})).toEqual([{ model: 'ministral-14b-latest', photos: 3 }]);
    expect((await c.api['review.queue']({ model: 'ministral-14b-latest' })).total).toBe(3);
    expect((await c.api['review.queue']({ model: 'pixtral-12b-latest' })).total).toBe(0);
    const sent = provider.requests.length;
    const { queued, status: after } = await c.api['queue.recaptionModel']({ model: 'ministral-14b-latest' });
    expect(queued).toBe(3);
    expect(after.awaitingApproval).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(provider.requests.length).toBe(sent);
  });

  it('on OpenRouter, send the list as `models` under a price ceiling, and record the model the gateway chose', async () => {
    const c = await captionWith(
      { flavour: 'openrouter', retired: ['mistralai/pixtral-12b'] },
      {
        provider: 'openrouter',
        model: 'mistralai/pixtral-12b',
        fallbackModels: ['mistralai/ministral-14b-2512'],
      },
      // The ceiling is the price the budget reserves by: a pricier fallback needs that price raised.
      async (started) => {
        await started.api['spend.updateSettings']({
          priceOverrides: { openrouter: { inputPerMTok: 0.2, outputPerMTok: 0.2, perImage: 0 } },
        });
      },
    );
    const status = await waitUntilSettled(c);
    expect(status).toMatchObject({ done: 3, failed: 0 });
    const answered = provider.requests.filter((r) => r.status === 200);
    expect(answered).toHaveLength(3);
    expect(answered.every((r) => r.fields.includes('models') && r.fields.includes('provider'))).toBe(true);
    const rows = (await ledgerRows(c)).filter((row) => row.outcome === 'captioned');
    expect(rows.map((row) => [row.model, row.answered_model])).toEqual(
      Array(3).fill(['mistralai/pixtral-12b', 'mistralai/ministral-14b-2512']),
    );
  });

  it('on OpenRouter, the price ceiling refuses a fallback that costs more than the budget reserved', async () => {
    const c = await captionWith(
      { flavour: 'openrouter', retired: ['mistralai/pixtral-12b'] },
      {
        provider: 'openrouter',
        model: 'mistralai/pixtral-12b',
        fallbackModels: ['mistralai/ministral-14b-2512'],
      },
    );
    const status = await waitFor('the queue to pause', async () => {
      const current = await c.api['queue.status']({});
      return current.paused ? current : undefined;
    });
    expect(status.done).toBe(0);
    expect(status.blockedReason).toMatch(/does not offer/);
    expect(provider.requests.filter((r) => r.billed)).toHaveLength(0);
  });

  it('on Vercel, send the list as providerOptions.gateway.models', async () => {
    const c = await captionWith(
      { flavour: 'vercel', retired: ['mistral/pixtral-12b'] },
      { provider: 'vercel', model: 'mistral/pixtral-12b', fallbackModels: ['mistral/mistral-small'] },
    );
    expect(await waitUntilSettled(c)).toMatchObject({ done: 3, failed: 0 });
    const answered = provider.requests.filter((r) => r.status === 200);
    expect(answered.every((r) => r.fields.includes('providerOptions'))).toBe(true);
    expect(answered.map((r) => r.model)).toEqual(Array(3).fill('mistral/mistral-small'));
    expect(await captionModels(c)).toEqual(Array(3).fill('mistral/mistral-small'));
  });
});
