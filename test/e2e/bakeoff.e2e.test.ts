// The bake-off page in the browser with three fake models of visibly different styles: estimate first, then
// answers side by side, then "Use this model". Screenshot under test-results/screenshots/.
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, sessionForSuite } from '../support/browserSession';
import { openWithFolder } from '../support/pageHelpers';

const MODELS = [
  'mistralai/pixtral-12b',
  'mistralai/ministral-14b-2512',
  'mistralai/mistral-small-3.2-24b-instruct',
];
const PHOTOS = [
  'photos/animal_squirrel-on-branch.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'photos/food_citrus-fruit-slices.jpg',
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
];

describe('the bake-off page', () => {
  const suite = sessionForSuite();

  it('estimates, runs three models side by side, and sets the chosen one', async () => {
    const { session, page } = suite;
    await openWithFolder(page, session.serve.url, session.photoFolder('Samples', PHOTOS));

    await page.getByTestId('nav-bakeoff').click();
    await expect.poll(() => page.getByTestId('bakeoff-model-0').inputValue()).toBe(MODELS[0]);
    await page.getByTestId('bakeoff-model-1').fill(MODELS[1]!);
    await page.getByTestId('bakeoff-model-2').fill(MODELS[2]!);
    await page.getByTestId('bakeoff-count').fill('4');
    await page.getByTestId('bakeoff-estimate').click();
    await expect
      .poll(() => page.getByTestId('bakeoff-estimate-text').innerText())
      .toMatch(/^4 photos × 3 models on OpenRouter: about \$/);
    expect(session.provider.requests).toHaveLength(0);

    await page.getByTestId('bakeoff-run').click();
    await expect
      .poll(() => page.getByTestId('bakeoff-progress').innerText(), { timeout: 30_000 })
      .toBe('Done: 12 of 12 answers');
    expect(session.provider.requests).toHaveLength(12);
    await expect.poll(() => page.getByTestId('bakeoff-row').count()).toBe(4);
    const columns = await page.getByTestId('bakeoff-model-column').allInnerTexts();
    expect(columns.map((c) => c.split('\n')[0])).toEqual(MODELS);
    // One row: the terse model says less than Pixtral, the wordy one more.
    const [pixtral, terse, wordy] = await page
      .getByTestId('bakeoff-row')
      .first()
      .getByTestId('bakeoff-caption')
      .allInnerTexts();
    expect(terse!.split(' ').length).toBeLessThanOrEqual(5);
    expect(wordy!.length).toBeGreaterThan(pixtral!.length);
    await page.screenshot({ path: `${SCREENSHOTS}/bakeoff-side-by-side.png`, fullPage: true });

    await page.getByTestId('bakeoff-use').nth(1).click();
    await expect
      .poll(() => page.getByTestId('bakeoff-chosen').innerText())
      .toBe(`The library now uses ${MODELS[1]}.`);
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('settings-model').inputValue()).toBe(MODELS[1]);
  });
});
