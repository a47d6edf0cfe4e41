// End to end in browser mode: the real `npm run serve` process, the fake provider, real photos copied
// from the corpus, and Debian's Chromium driven by Playwright.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeProvider } from '../fake-provider/server';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { addFolder, openEstimate, waitForCaptions } from '../support/pageHelpers';

const PHOTOS = [
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'photos/food_fig-in-red-bowl.jpg',
  'photos/animal_squirrel-on-branch.jpg',
  'photos/landmark_summer-palace-pagoda-beijing.jpg',
];

describe('browser mode', () => {
  let session: BrowserSession;
  let provider: FakeProvider;
  let page: Page;
  let photoDir: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ provider, page } = session);
    photoDir = session.photoFolder('My Photos', PHOTOS);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('adds a folder, captions it, finds a photo by its description and opens it', async () => {
    await page.goto(session.serve.url);
    await addFolder(page, photoDir);
    await expect.poll(() => page.getByTestId('folder-row').count(), { timeout: 20_000 }).toBe(1);

    // Captioning costs money: Shoebox asks before it spends.
    await openEstimate(page, 20_000);
    await expect
      .poll(() => page.getByTestId('estimate-text').innerText(), { timeout: 10_000 })
      .toMatch(/Caption 5 photos for about \$[\d.]+ on OpenRouter/);
    await page.getByTestId('estimate-approve').click();

    await waitForCaptions(page, PHOTOS.length);

    await page.getByTestId('nav-search').click();
    await page.keyboard.press('/');
    await page.keyboard.type('castle');
    const first = page.getByTestId('result-cell').first();
    await expect.poll(() => first.innerText(), { timeout: 10_000 }).toMatch(/castle/i);
    await expect(first.locator('mark').first().innerText()).resolves.toMatch(/castle/i);
    await page.screenshot({ path: 'test-results/e2e-search-results.png' });

    await first.click();
    const caption = page.getByTestId('photo-caption');
    await expect.poll(() => caption.innerText(), { timeout: 10_000 }).toMatch(/castle/i);
    expect(await page.getByTestId('photo-tag').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: 'test-results/e2e-photo.png' });

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('photo-view').count()).toBe(0);
    // Every photo was sent exactly once.
    const sent = provider.requests.filter((r) => r.status === 200).length;
    expect(sent).toBe(PHOTOS.length);
  }, 120_000);
});
