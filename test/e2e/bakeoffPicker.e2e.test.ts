// Choosing the bake-off's sample photos by hand in the browser: open a folder in the picker, click thumbnails,
// see the count, and the estimate, each model's price and the run cover exactly the photos chosen.
// Screenshot under test-results/screenshots/.
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, sessionForSuite } from '../support/browserSession';
import { openWithFolder } from '../support/pageHelpers';

const MODELS = ['mistralai/pixtral-12b', 'mistralai/mistral-small-3.2-24b-instruct'];
const PHOTOS = [
  'photos/animal_squirrel-on-branch.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'photos/animal_nuthatch-on-tree-trunk.jpg',
  'photos/food_citrus-fruit-slices.jpg',
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
];

describe('picking bake-off samples', () => {
  const suite = sessionForSuite();

  it('runs the bake-off on the photos picked from a folder, priced per model', async () => {
    const { session, page } = suite;
    await openWithFolder(page, session.serve.url, session.photoFolder('Picks', PHOTOS));

    await page.getByTestId('nav-bakeoff').click();
    await expect.poll(() => page.getByTestId('bakeoff-model-0').inputValue()).toBe(MODELS[0]);
    await page.getByTestId('bakeoff-model-1').fill(MODELS[1]!);
    await page.getByTestId('bakeoff-samples-chosen').check();
    // Nothing chosen yet: nothing to estimate.
    expect(await page.getByTestId('bakeoff-estimate').isDisabled()).toBe(true);
    await page.getByTestId('bakeoff-picker-folder').selectOption({ index: 1 });
    await page.getByTestId('bakeoff-picker-show').click();
    const candidates = page.getByTestId('bakeoff-candidate');
    await expect.poll(() => candidates.count(), { timeout: 10_000 }).toBe(PHOTOS.length);

    const chosen = ['animal_squirrel-on-branch.jpg', 'food_citrus-fruit-slices.jpg'];
    for (const name of chosen) await candidates.filter({ hasText: name }).click();
    // A third, then taken out again.
    await candidates.filter({ hasText: 'animal_sheep-grazing-in-field.jpg' }).click();
    await candidates.filter({ hasText: 'animal_sheep-grazing-in-field.jpg' }).click();
    expect(await page.getByTestId('bakeoff-picked-count').innerText()).toBe('2 photos chosen (at most 30)');
    expect(await page.locator('[data-testid="bakeoff-candidate"][aria-pressed="true"]').count()).toBe(2);
    await page.screenshot({ path: `${SCREENSHOTS}/bakeoff-picker.png`, fullPage: true });

    await page.getByTestId('bakeoff-estimate').click();
    await expect
      .poll(() => page.getByTestId('bakeoff-estimate-text').innerText())
      .toMatch(/^2 photos × 2 models on OpenRouter: about \$/);
    const prices = await page.getByTestId('bakeoff-price').allInnerTexts();
    expect(prices).toEqual([
      `${MODELS[0]}: $0.1 in / $0.1 out per 1M tokens + $0.000145 an image (provider's list price)`,
      `${MODELS[1]}: $0.1 in / $0.3 out per 1M tokens (provider's list price)`,
    ]);
    expect(session.provider.requests).toHaveLength(0);

    await page.getByTestId('bakeoff-run').click();
    await expect
      .poll(() => page.getByTestId('bakeoff-progress').innerText(), { timeout: 30_000 })
      .toBe('Done: 4 of 4 answers');
    const rows = await page.getByTestId('bakeoff-row').allInnerTexts();
    expect(rows).toHaveLength(2);
    for (const [i, name] of chosen.entries()) expect(rows[i]).toContain(name);
    expect(session.provider.requests).toHaveLength(4);
    await page.screenshot({ path: `${SCREENSHOTS}/bakeoff-picked-run.png`, fullPage: true });
  }, 120_000);
});
