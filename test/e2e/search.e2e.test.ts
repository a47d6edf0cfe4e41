// End to end in browser mode: what the search understood, as a person sees it. A related word ("spire"
// finds the Eiffel Tower, said on the "also:" line, with one click back to the exact words), a date phrase
// read as a removable chip, a photo found by what its caption means, and the place a photo's GPS names in
// the photo view. Screenshots of each.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sessionForSuite } from '../support/browserSession';
import { addAndCaptionFolder } from '../support/pageHelpers';

const PHOTOS = [
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'formats/jpeg_progressive_eiffel-tower.jpg',
];

async function search(page: Page, text: string) {
  const input = page.getByTestId('search-input');
  await input.fill('');
  await input.fill(text);
}

describe('search in the browser', () => {
  const suite = sessionForSuite();
  let page: Page;

  it('catalogues and captions the photos', async () => {
    ({ page } = suite);
    await page.goto(suite.session.serve.url);
    await addAndCaptionFolder(page, suite.session.photoFolder('Trips', PHOTOS), PHOTOS.length);
    await page.getByTestId('nav-search').click();
  }, 120_000);

  it('says what else it searched, and searches the exact words alone on one click', async () => {
    // The first search builds the reference data (WordNet, places) in the data folder: over a minute on a
    // two-core machine busy with the other suites.
    await search(page, 'spire');
    const also = page.getByTestId('also-line');
    await expect.poll(() => also.innerText(), { timeout: 150_000 }).toMatch(/also: .*tower/);
    await expect.poll(() => page.getByTestId('result-cell').first().innerText()).toMatch(/Eiffel Tower/);
    await expect(page.getByTestId('result-cell').first().locator('mark').innerText()).resolves.toBe('Tower');
    await page.screenshot({ path: 'test-results/e2e-search-also.png' });

    await page.getByTestId('exact-only').click();
    await expect.poll(() => page.getByTestId('exact-line').count()).toBe(1);
    await expect.poll(() => page.getByTestId('result-cell').count()).toBe(0);
    await expect.poll(() => page.getByTestId('also-line').count()).toBe(0);
  }, 180_000);

  it('finds a photo by what its caption means, and says so', async () => {
    // No word of the query, nor a related one, is in the sheep's caption ("Flock of sheep grazing on a wide
    // green field under blue sky.").
    // The captions' vectors are written in the background just after the captions: search until they are.
    const first = page.getByTestId('result-cell').first();
    const meaningLine = page.getByTestId('meaning-line');
    await expect
      .poll(
        async () => {
          await search(page, 'livestock out in the countryside');
          await page.waitForTimeout(300);
          const cell = await first.innerText({ timeout: 1_000 }).catch(() => '');
          const line = await meaningLine.innerText({ timeout: 500 }).catch(() => '');
          return `${cell} | ${line}`;
        },
        { timeout: 30_000 },
      )
      .toMatch(/sheep.* \| 1 photo found by meaning/is);
    await page.screenshot({ path: 'test-results/e2e-search-meaning.png' });
    await page.getByTestId('exact-only').click();
    await expect.poll(() => page.getByTestId('exact-line').count()).toBe(1);
    await expect.poll(() => page.getByTestId('result-cell').count()).toBe(0);
    await page.getByTestId('exact-line').getByRole('button').click();
  }, 60_000);

  it('reads a year as a removable date chip and still searches the other words', async () => {
    await search(page, 'castle 2008');
    const chip = page.getByTestId('date-chip');
    await expect.poll(() => chip.innerText(), { timeout: 10_000 }).toMatch(/^2008/);
    await expect.poll(() => page.getByTestId('result-cell').count()).toBe(1);
    await expect(page.getByTestId('result-cell').first().innerText()).resolves.toMatch(/castle/i);
    await page.screenshot({ path: 'test-results/e2e-search-date-chip.png' });

    await chip.getByRole('button').click();
    await expect.poll(() => page.getByTestId('date-chip').count()).toBe(0);
    // Read as words, "2008" still finds the castle through its taken date.
    await expect.poll(() => page.getByTestId('result-cell').count()).toBe(1);
  }, 60_000);

  it('finds a photo by the place its GPS names, and shows the place in the photo view', async () => {
    await search(page, 'paris');
    const first = page.getByTestId('result-cell').first();
    await expect.poll(() => first.innerText(), { timeout: 10_000 }).toMatch(/Eiffel/);
    await first.click();
    const place = page.getByTestId('photo-place');
    await expect.poll(() => place.innerText(), { timeout: 10_000 }).toBe('Paris, Île-de-France, France');
    await page.screenshot({ path: 'test-results/e2e-photo-place.png' });
    await page.keyboard.press('Escape');
  }, 60_000);
});
