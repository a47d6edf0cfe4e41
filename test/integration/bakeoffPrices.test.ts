// The bake-off estimate prices each model by itself: the provider's model list where it publishes prices
// (the fake OpenRouter lists Pixtral, Ministral and Mistral Small at different prices), the Spend page's price
// for the provider where it does not (the fake Mistral lists none), else Shoebox's table.
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { PRICES, type Price } from '../../shared/providers';
import { FAKE_MODELS } from '../fake-provider/models';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { envFor, startCore } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

/** Lists give prices per token as strings: per million tokens they come back within rounding. */
function expectPrice(actual: Price | undefined, expected: Price): void {
  expect(actual).toBeDefined();
  expect(actual!.inputPerMTok).toBeCloseTo(expected.inputPerMTok, 9);
  expect(actual!.outputPerMTok).toBeCloseTo(expected.outputPerMTok, 9);
  expect(actual!.perImage).toBeCloseTo(expected.perImage, 12);
}

describe('bake-off prices per model', () => {
  let library: TempLibrary | undefined;
  let provider: FakeProvider | undefined;
  let core: Core | undefined;

  afterEach(async () => {
    await core?.stop();
    await provider?.close();
    library?.remove();
    core = provider = library = undefined;
  });

  async function start(flavour: 'openrouter' | 'mistral'): Promise<Core> {
    library = makeTempLibrary(['photos']);
    provider = await startFakeProvider({ flavour });
    core = await startCore(library.dataDir, envFor(provider, flavour));
    await core.api['folders.add']({ path: library.photos });
    await waitFor('the scan', async () => (await core!.api['folders.list']({}))[0]?.state === 'watching');
    return core;
  }

  it("uses each model's list price on OpenRouter, and the table for a model the list lacks", async () => {
    const api = (await start('openrouter')).api;
    const listed = FAKE_MODELS.openrouter;
    const models = [
      'mistralai/pixtral-12b',
      'mistralai/mistral-small-3.2-24b-instruct',
      'acme/unlisted-vision',
    ];
    const estimate = await api['bakeoff.estimate']({ count: 5, models });
    const byModel = new Map(estimate.perModel.map((m) => [m.model, m]));
    for (const model of models.slice(0, 2)) {
      expect(byModel.get(model)!.priceSource).toBe('provider');
      expectPrice(byModel.get(model)!.price, listed.find((m) => m.id === model)!.price);
    }
    expect(byModel.get(models[2]!)).toMatchObject({ priceSource: 'table', price: PRICES.openrouter });
    // Mistral Small's output costs three times Pixtral's, and it has no per-image fee: different sums.
    expect(byModel.get(models[1]!)!.costUsd).not.toBeCloseTo(byModel.get(models[0]!)!.costUsd, 6);
    expect(estimate.totalUsd).toBeCloseTo(
      estimate.perModel.reduce((sum, m) => sum + m.costUsd, 0),
      10,
    );
    // The list is a free GET; no photo went anywhere.
    expect(provider!.requests).toHaveLength(0);
  });

  it("uses the Spend page's price where the provider lists none", async () => {
    const api = (await start('mistral')).api;
    const models = ['ministral-14b-2512', 'mistral-small-2506'];
    const before = await api['bakeoff.estimate']({ count: 5, models });
    expect(before.perModel.map((m) => m.priceSource)).toEqual(['table', 'table']);
    const mine = { inputPerMTok: 2, outputPerMTok: 2, perImage: 0 };
    await api['spend.updateSettings']({ priceOverrides: { mistral: mine } });
    const after = await api['bakeoff.estimate']({ count: 5, models });
    expect(after.perModel.map((m) => [m.priceSource, m.price])).toEqual([
      ['override', mine],
      ['override', mine],
    ]);
    // Ten times the table's $0.20 per million tokens: ten times the estimate.
    expect(after.perModel[0]!.costUsd / before.perModel[0]!.costUsd).toBeCloseTo(10, 5);
  });
});
