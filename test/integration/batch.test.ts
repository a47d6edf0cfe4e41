// The backlog in a batch: photos waiting for a caption go to Mistral's batch API as one job, at half price.
// The job survives a restart, its answers are checked like any reply, failed lines fail their photos with a
// reason, and the ledger ends equal to what the provider billed.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchInfo } from '../../shared/types';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { syntheticPhotos } from '../support/syntheticPhotos';
import { envFor, startCore, waitForCatalogued } from '../support/coreHarness';
import { waitFor } from '../support/waitFor';

let provider: FakeProvider | undefined;
let core: Core | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await core?.stop();
  core = undefined;
  await provider?.close();
  provider = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function start(): Promise<Core> {
  core = await startCore(dataDir!, { ...envFor(provider!, 'mistral'), SHOEBOX_BATCH_POLL_MS: '100' });
  return core;
}

async function batchEnded(c: Core): Promise<BatchInfo> {
  return waitFor(
    'the batch to end',
    async () => {
      const [batch] = await c.api['batch.list']({});
      return batch && !['submitting', 'running'].includes(batch.state) ? batch : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
}

function ledgerTotal(dir: string): { settled: number; open: number } {
  const db = new Database(join(dir, 'catalogue.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT coalesce(sum(CASE WHEN state = 'settled' THEN cost END), 0) AS settled,
           count(*) FILTER (WHERE state <> 'settled') AS open FROM ledger`,
      )
      .get() as { settled: number; open: number };
  } finally {
    db.close();
  }
}

function unexplained(dir: string): number {
  const db = new Database(join(dir, 'catalogue.sqlite'), { readonly: true });
  try {
    return (
      db
        .prepare(
          `SELECT count(*) AS n FROM photos WHERE caption_status NOT IN ('done', 'failed')
             OR (caption_status = 'failed' AND coalesce(caption_error, '') = '')`,
        )
        .get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

describe('the batch route', () => {
  it('captions 300 photos with 5% failing lines across a restart, and bills what the provider billed', async () => {
    const photos = await syntheticPhotos(300, 480);
    provider = await startFakeProvider({ flavour: 'mistral' });
    provider.batch!.options.failureRate = 0.05;
    provider.batch!.options.msPerLine = 15;
    dataDir = mkdtempSync(join(tmpdir(), 'shoebox-batch-'));
    let c = await start();
    await c.api['folders.add']({ path: photos });
    await waitForCatalogued(c, 300, 120_000);
    // The estimate offers the batch for a backlog this large, at half the price.
    const estimate = await c.api['spend.estimate']({});
    expect(estimate.photos).toBe(300);
    expect(estimate.batch).toMatchObject({ model: 'ministral-14b-2512', resultsWithin: '24 h' });
    expect(estimate.batch!.costUsd).toBeCloseTo(estimate.costUsd / 2, 12);
    expect(estimate.batch!.savingUsd).toBeCloseTo(estimate.costUsd / 2, 12);
    const submitted = await c.api['batch.submit']({});
    expect(submitted).toMatchObject({ state: 'submitting', photos: 300, provider: 'mistral' });
    expect(submitted.reservedUsd).toBeGreaterThan(0);
    await waitFor(
      'the batch to be sent',
      async () => ((await c.api['batch.list']({}))[0]?.state === 'running' ? true : undefined),
      { timeoutMs: 120_000 },
    );
    // Shoebox stops while the provider works through the job, and starts again on the same catalogue.
    await waitFor('some lines done', async () =>
      (provider!.batch!.jobs()[0]?.succeeded ?? 0) > 30 ? true : undefined,
    );
    await c.stop();
    core = undefined;
    expect(provider.batch!.jobs()[0]?.status).toBe('RUNNING');
    c = await start();

    const ended = await batchEnded(c);
    const status = await c.api['queue.status']({});
    const billed = provider.batch!.billedUsd();
    const ledger = ledgerTotal(dataDir);
    console.log(
      `batch: photos 300, captioned ${ended.captioned}, failed ${ended.failed}, ledger $${ledger.settled.toFixed(6)} vs fake billed $${billed.toFixed(6)}`,
    );
    expect(ended.state).toBe('done');
    expect(ended.captioned + ended.failed).toBe(300);
    expect(ended.failed).toBeGreaterThan(0);
    expect(ended.failed).toBeLessThan(40);
    expect(status).toMatchObject({ done: ended.captioned, failed: ended.failed, queued: 0, running: 0 });
    expect(unexplained(dataDir)).toBe(0);
    // Not one photo went by the per-photo route.
    expect(provider.requests).toHaveLength(0);
    expect(ledger.open).toBe(0);
    expect(ledger.settled).toBeCloseTo(billed, 9);
    expect(ended.billedUsd).toBeCloseTo(billed, 9);
    expect(ended.billedUsd!).toBeLessThanOrEqual(submitted.reservedUsd);
    // Scanning 300 photos and a restart take about 30 s on a loaded 2-core machine: more than the default.
  }, 180_000);

  it('reports an expired batch with what was billed, and gives the unanswered photos back for approval', async () => {
    const photos = await syntheticPhotos(40, 480);
    provider = await startFakeProvider({ flavour: 'mistral' });
    provider.batch!.options.expireAfterLines = 15;
    dataDir = mkdtempSync(join(tmpdir(), 'shoebox-batch-'));
    const c = await start();
    await c.api['folders.add']({ path: photos });
    await waitForCatalogued(c, 40, 120_000);
    // Too few photos to be worth a day's wait: the estimate does not offer it (the route still works).
    expect((await c.api['spend.estimate']({})).batch).toBeNull();
    await c.api['batch.submit']({});
    const ended = await batchEnded(c);
    expect(ended).toMatchObject({ state: 'expired', captioned: 15, failed: 0, returned: 25 });
    expect(ended.billedUsd).toBeCloseTo(provider.batch!.billedUsd(), 9);
    expect(ledgerTotal(dataDir).settled).toBeCloseTo(provider.batch!.billedUsd(), 9);
    const status = await c.api['queue.status']({});
    expect(status).toMatchObject({ done: 15, awaitingApproval: 25 });
    expect(provider.requests).toHaveLength(0);
  });

  it('reports a cancelled batch with what was billed for the lines answered before it stopped', async () => {
    const photos = await syntheticPhotos(40, 480);
    provider = await startFakeProvider({ flavour: 'mistral' });
    provider.batch!.options.msPerLine = 40;
    dataDir = mkdtempSync(join(tmpdir(), 'shoebox-batch-'));
    const c = await start();
    await c.api['folders.add']({ path: photos });
    await waitForCatalogued(c, 40, 120_000);
    const { id } = await c.api['batch.submit']({});
    await waitFor('a few lines done', async () =>
      (provider!.batch!.jobs()[0]?.succeeded ?? 0) >= 5 ? true : undefined,
    );
    await c.api['batch.cancel']({ id });
    const ended = await batchEnded(c);
    expect(ended.state).toBe('cancelled');
    expect(ended.captioned).toBeGreaterThanOrEqual(5);
    expect(ended.returned).toBe(40 - ended.captioned);
    expect(ended.billedUsd).toBeGreaterThan(0);
    expect(ended.billedUsd).toBeCloseTo(provider.batch!.billedUsd(), 9);
    expect(ledgerTotal(dataDir).settled).toBeCloseTo(provider.batch!.billedUsd(), 9);
  });

  it('refuses a batch the budget cannot cover, reserving and sending nothing', async () => {
    const photos = await syntheticPhotos(40, 480);
    provider = await startFakeProvider({ flavour: 'mistral' });
    dataDir = mkdtempSync(join(tmpdir(), 'shoebox-batch-'));
    const c = await start();
    await c.api['spend.updateSettings']({ dailyUsd: 0.0001 });
    await c.api['folders.add']({ path: photos });
    await waitForCatalogued(c, 40, 120_000);
    await expect(c.api['batch.submit']({})).rejects.toThrow(/daily/);
    expect(await c.api['batch.list']({})).toEqual([]);
    expect(provider.batch!.jobs()).toHaveLength(0);
  });
});
