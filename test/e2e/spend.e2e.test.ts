// The spend controls in the browser: the estimate before captioning, a cap reached and its banner, and the
// Spend page with its daily chart, whose prices the Settings page's estimate uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeProvider } from '../fake-provider/server';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { estimateCaptionCost } from '../../shared/costModel';
import { PRICES, type Price } from '../../shared/providers';
import { addFolder, approveCaptions, openEstimate, waitForCaptions } from '../support/pageHelpers';

const FIRST = [
  'photos/food_citrus-fruit-slices.jpg',
  'photos/object_paint-brushes.jpg',
  'photos/animal_squirrel-on-branch.jpg',
];
const SECOND = [
  'photos/landscape_forest-path_olympus-em1.jpg',
  'photos/vehicle_pickup-truck-in-apple-orchard_icc-v2.jpg',
  'photos/people_group-with-dog.jpg',
  'photos/food_heart-shaped-chocolate-box.jpg',
];

describe('spend in browser mode', () => {
  let session: BrowserSession;
  let provider: FakeProvider;
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ provider, page } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('asks before spending, stops at a cap with a banner, and charts the spend', async () => {
    await page.goto(session.serve.url);
    await addFolder(page, session.photoFolder('First', FIRST));
    await openEstimate(page);
    const question = page.getByTestId('estimate-text');
    await expect
      .poll(() => question.innerText(), { timeout: 10_000 })
      .toMatch(/^Caption 3 photos for about \$[\d.]+ on OpenRouter\?$/);
    await page.screenshot({ path: 'test-results/e2e-estimate.png' });
    await page.getByTestId('estimate-approve').click();
    await waitForCaptions(page, FIRST.length);
    expect(provider.requests).toHaveLength(FIRST.length);

    // A daily cap just above what was spent: the next photo cannot fit under it.
    await page.getByTestId('nav-spend').click();
    await expect.poll(() => page.getByTestId('spend-today').innerText()).not.toBe('$0');
    const spent = Number((await page.getByTestId('spend-today').innerText()).replace('$', ''));
    await page.getByTestId('spend-daily-cap').fill(String(spent * 1.2));
    await page.getByTestId('spend-save').click();

    await addFolder(page, session.photoFolder('Second', SECOND));
    await approveCaptions(page);
    const banner = page.getByTestId('cap-banner');
    await expect.poll(() => banner.innerText(), { timeout: 30_000 }).toMatch(/daily limit/);
    await page.screenshot({ path: 'test-results/e2e-cap-banner.png' });
    expect(provider.requests.length).toBeLessThan(FIRST.length + SECOND.length);

    await page.getByTestId('cap-open-spend').click();
    await expect.poll(() => page.getByTestId('spend-chart').locator('rect').count()).toBe(30);
    await page.screenshot({ path: 'test-results/e2e-spend.png', fullPage: true });

    // Raising the cap lets the rest through.
    await page.getByTestId('spend-daily-cap').fill('');
    await page.getByTestId('spend-save').click();
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(0);
    await page.getByTestId('nav-library').click();
    await waitForCaptions(page, FIRST.length + SECOND.length);
  }, 180_000);

  it('prices the Settings estimate at the prices changed on the Spend page', async () => {
    const costShown = page.getByTestId('settings-cost-per-photo');
    const dollars = async () => Number((await costShown.innerText()).replace(/[$,]/g, ''));
    await page.getByTestId('nav-settings').click();
    const uploadMaxPx = Number(await page.getByTestId('settings-upload-size').inputValue());
    // The page's sample photo is a 4:3 camera photo; it shows two significant digits.
    const expected = (price: Price) =>
      estimateCaptionCost({ price, width: 4032, height: 3024, uploadMaxPx }).cost;
    const near = (shown: number, price: Price) => Math.abs(shown / expected(price) - 1) < 0.05;
    await expect.poll(async () => near(await dollars(), PRICES.openrouter), { timeout: 10_000 }).toBe(true);

    const own = { inputPerMTok: 40, outputPerMTok: 60, perImage: 0.002 };
    await page.getByTestId('nav-spend').click();
    await page.getByLabel('OpenRouter inputPerMTok').fill(String(own.inputPerMTok));
    await page.getByLabel('OpenRouter outputPerMTok').fill(String(own.outputPerMTok));
    await page.getByLabel('OpenRouter perImage').fill(String(own.perImage * 1000));
    await page.getByTestId('spend-save').click();
    await expect.poll(() => page.getByText('Saved.').count(), { timeout: 10_000 }).toBe(1);

    await page.getByTestId('nav-settings').click();
    await expect.poll(async () => near(await dollars(), own), { timeout: 10_000 }).toBe(true);
  });
});
