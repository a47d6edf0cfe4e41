// Caption batches in the queue panel, in the browser: a running batch is listed with its photos, when its
// results are due and what it holds against the caps; Cancel asks first, and the cancelled batch then shows
// what it captioned, gave back and was billed, which is what the fake Mistral billed. Screenshots under
// test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeProvider } from '../fake-provider/server';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { addFolder, openEstimate } from '../support/pageHelpers';
import { syntheticPhotos } from '../support/syntheticPhotos';

const PHOTOS = 120;
const SCREENSHOTS = 'test-results/screenshots';

describe('caption batches in the queue panel', () => {
  let session: BrowserSession;
  let provider: FakeProvider;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    session = await startBrowserSession({ SHOEBOX_BATCH_POLL_MS: '200' }, 'mistral');
    ({ provider, page } = session);
    // Slow enough that the batch is still running when the user cancels it.
    provider.batch!.options.msPerLine = 250;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lists a running batch, cancels it after asking, and shows what was billed', async () => {
    const folder = await syntheticPhotos(PHOTOS, 320);
    await page.goto(session.serve.url);
    await addFolder(page, folder);
    await openEstimate(page, 60_000);
    await page.getByTestId('estimate-batch').click();

    const row = page.getByTestId('batch-row').first();
    await expect.poll(() => row.getByTestId('batch-state').innerText(), { timeout: 30_000 }).toBe('running');
    expect(await row.getByTestId('batch-photos').innerText()).toMatch(/^120 photos/);
    expect(await row.getByTestId('batch-time').innerText()).toMatch(/^results by /);
    expect(await row.getByTestId('batch-bill').innerText()).toMatch(
      /^up to \$[\d.]+ held against your caps$/,
    );
    await expect
      .poll(() => provider.batch!.jobs()[0]?.succeeded ?? 0, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: `${SCREENSHOTS}/batch-running.png`, fullPage: true });

    // Asked first; "Keep it running" changes nothing.
    await row.getByTestId('batch-cancel').click();
    const dialog = page.getByTestId('batch-cancel-dialog');
    expect(await dialog.innerText()).toMatch(/Stop batch \d+ of 120 photos with ministral-14b-2512\?/);
    await page.screenshot({ path: `${SCREENSHOTS}/batch-cancel-confirm.png` });
    const answeredBeforeKeep = provider.batch!.jobs()[0]!.succeeded;
    await page.getByTestId('batch-cancel-keep').click();
    await expect.poll(() => dialog.count()).toBe(0);
    // A cancel sent on "Keep" would reach the provider later: the batch must go on answering, uncancelled.
    await expect
      .poll(() => provider.batch!.jobs()[0]!.succeeded, { timeout: 30_000 })
      .toBeGreaterThan(answeredBeforeKeep + 1);
    expect(provider.batch!.jobs()[0]!.cancel).toBe(false);
    expect(await row.getByTestId('batch-state').innerText()).toBe('running');

    await row.getByTestId('batch-cancel').click();
    await page.getByTestId('batch-cancel-confirm').click();
    await expect
      .poll(() => row.getByTestId('batch-state').innerText(), { timeout: 30_000 })
      .toBe('cancelled');
    expect(provider.batch!.jobs()[0]!.cancel).toBe(true);
    const photos = await row.getByTestId('batch-photos').innerText();
    const [, captioned, returned] =
      /^120 photos · (\d+) captioned.* · (\d+) back in the queue$/.exec(photos) ?? [];
    expect(Number(captioned)).toBeGreaterThanOrEqual(5);
    expect(Number(captioned) + Number(returned)).toBe(PHOTOS);
    expect(await row.getByTestId('batch-time').innerText()).toMatch(/^ended /);
    const billed = /^billed \$([\d.]+)$/.exec(await row.getByTestId('batch-bill').innerText());
    expect(billed).not.toBeNull();
    // The panel shows two significant digits of what the fake billed for the lines it answered.
    const fakeBilled = provider.batch!.billedUsd();
    expect(fakeBilled).toBeGreaterThan(0);
    expect(Math.abs(Number(billed![1]) - fakeBilled) / fakeBilled).toBeLessThan(0.05);
    expect(Number(await page.getByTestId('queue-done').innerText())).toBe(Number(captioned));
    await page.screenshot({ path: `${SCREENSHOTS}/batch-cancelled.png`, fullPage: true });
  }, 180_000);
});
