// End to end in browser mode: a search typed one key at a time, as a person types it. The first key alone
// shows the newest photos, every later key answers its own text, and once the typing stops the results'
// thumbnails load (they wait while keys keep coming, so no key's search queues behind them).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sessionForSuite } from '../support/browserSession';
import { addAndCaptionFolder } from '../support/pageHelpers';

const PHOTOS = [
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'formats/jpeg_progressive_eiffel-tower.jpg',
];

const answered = (page: Page) => page.locator('.search-view').getAttribute('data-answered-text');
const cells = (page: Page) => page.getByTestId('result-cell');

const shownIds = (page: Page) =>
  cells(page).evaluateAll((all) => all.map((cell) => cell.getAttribute('data-photo-id')));

/** The photos an empty search lists, in its order, asked of the page's own API. */
const emptySearchIds = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/api/photos.search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: '' }),
    });
    const page = (await response.json()) as { items: Array<{ id: number }> };
    return page.items.map((item) => String(item.id));
  });

/** How many of the grid's thumbnails have loaded a picture. */
const loadedThumbnails = (page: Page) =>
  page
    .locator('.result-thumb img')
    .evaluateAll(
      (images) =>
        images.filter((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0).length,
    );

describe('typing a search', () => {
  const suite = sessionForSuite();
  let page: Page;

  it('catalogues and captions the photos', async () => {
    ({ page } = suite);
    await page.goto(suite.session.serve.url);
    await addAndCaptionFolder(page, suite.session.photoFolder('Trips', PHOTOS), PHOTOS.length);
    await page.getByTestId('nav-search').click();
  }, 120_000);

  it('shows the newest photos for the first key, narrows with each next one, then loads thumbnails', async () => {
    const input = page.getByTestId('search-input');
    await input.fill('');
    await expect.poll(() => answered(page), { timeout: 60_000 }).toBe('');
    await input.pressSequentially('s');
    await expect.poll(() => answered(page), { timeout: 60_000 }).toBe('s');
    // The very grid of an empty box, newest first: a search of every word starting with "s" would rank (and
    // drop) photos by those words.
    const newest = await emptySearchIds(page);
    expect(newest).toHaveLength(PHOTOS.length);
    await expect.poll(() => shownIds(page)).toEqual(newest);
    for (const text of ['sh', 'she', 'shee', 'sheep']) {
      await input.press(text.at(-1)!);
      await expect.poll(() => answered(page), { timeout: 60_000 }).toBe(text);
    }
    await expect.poll(() => cells(page).count()).toBe(1);
    await expect(cells(page).first().innerText()).resolves.toMatch(/sheep/i);
    await expect.poll(() => loadedThumbnails(page), { timeout: 30_000 }).toBe(1);
    await page.screenshot({ path: 'test-results/e2e-search-typed.png' });
  }, 120_000);
});
