// The caption language in the browser: the Settings page follows the system language (LANG of the serve
// process) until the user picks one; captions then arrive in it and are found by its words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FakeProvider } from '../fake-provider/server';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { addFolder, approveCaptions, waitForCaptions } from '../support/pageHelpers';

const PHOTOS = ['photos/animal_sheep-grazing-in-field.jpg', 'photos/food_fig-in-red-bowl.jpg'];

describe('captions in the user’s language, in the browser', () => {
  let session: BrowserSession;
  let provider: FakeProvider;
  let page: Page;
  let photoDir: string;

  beforeAll(async () => {
    session = await startBrowserSession({ LANG: 'de_DE.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
    ({ provider, page } = session);
    photoDir = session.photoFolder('Fotos', PHOTOS);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('defaults to the system language, captions in the chosen one and finds its words', async () => {
    await page.goto(session.serve.url);
    await page.getByTestId('nav-settings').click();
    const select = page.getByTestId('settings-caption-language');
    await expect.poll(() => select.inputValue(), { timeout: 10_000 }).toBe('');
    await expect(select.locator('option').first().innerText()).resolves.toBe(
      'System language: Deutsch (Deutschland) — German (Germany)',
    );
    await select.selectOption('ja');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByRole('status').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/e2e-settings-language.png' });

    await addFolder(page, photoDir);
    await approveCaptions(page, 20_000);
    await waitForCaptions(page, PHOTOS.length);
    expect(provider.requests.every((request) => request.text?.includes('in Japanese (ja)'))).toBe(true);

    await page.getByTestId('nav-search').click();
    await page.keyboard.press('/');
    await page.keyboard.type('犬');
    await expect.poll(() => page.getByTestId('result-cell').count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('result-cell').first().click();
    await expect
      .poll(() => page.getByTestId('photo-caption').innerText(), { timeout: 10_000 })
      .toBe('公園の桜の木の下で犬が遊んでいる。');
    await page.screenshot({ path: 'test-results/e2e-caption-japanese.png' });
  }, 120_000);
});
