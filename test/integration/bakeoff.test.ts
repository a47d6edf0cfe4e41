// A model bake-off against the fake OpenRouter: three models with visibly different styles, an estimate
// first, every call in the ledger and under the caps, and "Use this model".
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import type { BakeoffRun } from '../../shared/types';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { envFor, startCore } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

const MODELS = [
  'mistralai/pixtral-12b',
  'mistralai/ministral-14b-2512',
  'mistralai/mistral-small-3.2-24b-instruct',
];

describe('a model bake-off', () => {
  let library: TempLibrary;
  let provider: FakeProvider;
  let core: Core;

  beforeAll(async () => {
    library = makeTempLibrary(['photos']);
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    await core.api['folders.add']({ path: library.photos });
    await waitFor('the scan', async () => (await core.api['folders.list']({}))[0]?.state === 'watching');
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    library?.remove();
  });

  it('estimates before spending, nothing is sent for an estimate', async () => {
    const estimate = await core.api['bakeoff.estimate']({ count: 10, models: MODELS });
    expect(estimate.photoIds).toHaveLength(10);
    expect(estimate.perModel.map((m) => m.model)).toEqual(MODELS);
    expect(estimate.totalUsd).toBeGreaterThan(0);
    expect(provider.requests).toHaveLength(0);
    await expect(
      core.api['bakeoff.estimate']({ count: 10, models: [MODELS[0]!, MODELS[0]!] }),
    ).rejects.toThrow(/2 to 4 different models/);
  });

  it('captions each sample with each model side by side, every call in the ledger', async () => {
    const started = await core.api['bakeoff.start']({ count: 10, models: MODELS, confirmed: true });
    const run = await waitFor('the bake-off', async () => {
      const now: BakeoffRun = await core.api['bakeoff.results']({ runId: started.runId });
      return now.finished ? now : undefined;
    });
    expect(run.stoppedBecause).toBeNull();
    expect(run.results).toHaveLength(30);
    expect(provider.requests.map((r) => r.model).sort()).toEqual(
      MODELS.flatMap((m) => Array(10).fill(m)).sort(),
    );
    for (const photoId of run.photoIds) {
      const answers = run.results.filter((r) => r.photoId === photoId);
      const [pixtral, terse, wordy] = MODELS.map((m) => answers.find((a) => a.model === m)!);
      expect(terse!.caption!.split(' ').length).toBeLessThanOrEqual(5);
      expect(wordy!.caption!.length).toBeGreaterThan(pixtral!.caption!.length);
      for (const a of answers) {
        expect(a.latencyMs).toBeGreaterThanOrEqual(0);
        expect(a.costUsd).toBeGreaterThan(0);
      }
    }
    const db = new Database(join(library.dataDir, 'catalogue.sqlite'), { readonly: true });
    try {
      const ledger = db
        .prepare(`SELECT count(*) AS n, sum(cost) AS usd FROM ledger WHERE outcome = 'captioned'`)
        .get() as {
        n: number;
        usd: number;
      };
      expect(ledger.n).toBe(30);
      expect(ledger.usd).toBeCloseTo(
        run.results.reduce((s, r) => s + r.costUsd!, 0),
        10,
      );
      // A bake-off answer is not the photo's caption (a few corpus photos carry their own, imported).
      expect(db.prepare(`SELECT count(*) FROM photos WHERE caption_origin = 'model'`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM photo_tags WHERE origin = 'model'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('stops at a budget cap', async () => {
    const report = await core.api['spend.report']({});
    await core.api['spend.updateSettings']({ totalUsd: report.total });
    const before = provider.requests.length;
    const started = await core.api['bakeoff.start']({
      count: 3,
      models: MODELS.slice(0, 2),
      confirmed: true,
    });
    const run = await waitFor('the bake-off', async () => {
      const now = await core.api['bakeoff.results']({ runId: started.runId });
      return now.finished ? now : undefined;
    });
    expect(run.stoppedBecause).toMatch(/total/i);
    expect(provider.requests.length).toBe(before);
    await core.api['spend.updateSettings']({ totalUsd: null });
  });

  it('"Use this model" sets the library\'s model', async () => {
    const settings = await core.api['bakeoff.useModel']({ model: MODELS[1]! });
    expect(settings.model).toBe(MODELS[1]);
  });
});
