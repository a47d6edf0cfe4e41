// The backlog in a batch, in the browser: the estimate offers Mistral's batch route with its saving, the
// batch captions the photos, and Review → By model names the model that wrote them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeProvider } from '../fake-provider/server';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { addFolder, openEstimate, waitForCaptions } from '../support/pageHelpers';
import { syntheticPhotos } from '../support/syntheticPhotos';

const PHOTOS = 120;

describe('the batch route in browser mode', () => {
  let session: BrowserSession;
  let provider: FakeProvider;
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession({ SHOEBOX_BATCH_POLL_MS: '200' }, 'mistral');
    ({ provider, page } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('offers the batch with its saving, captions every photo through it, and lists the model in review', async () => {
    const folder = await syntheticPhotos(PHOTOS, 480);
    await page.goto(session.serve.url);
    await addFolder(page, folder);
    await openEstimate(page, 60_000);
    const offer = page.getByTestId('batch-offer');
    await expect
      .poll(() => offer.innerText(), { timeout: 10_000 })
      .toMatch(
        /one batch: about \$[\d.]+ with ministral-14b-2512 \(you save \$[\d.]+\), results within 24 h/,
      );
    await page.screenshot({ path: 'test-results/e2e-batch-offer.png' });
    await page.getByTestId('estimate-batch').click();
    await waitForCaptions(page, PHOTOS, 90_000);
    // Every photo went by the batch, none by a call of its own.
    expect(provider.requests).toHaveLength(0);
    expect(provider.batch!.jobs()).toHaveLength(1);

    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-mode-model').click();
    const row = page.getByTestId('model-row');
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(/ministral-14b-2512\s+120/);
    await page.screenshot({ path: 'test-results/e2e-review-by-model.png' });
  });
});
