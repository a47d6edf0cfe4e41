// Settings › Test connection in the browser, against a fake Mistral that has retired Pixtral: a bad key, a
// saved model that is no longer offered (with the current vision models to pick from), then all good.
// Screenshots of the three states are written to test-results/screenshots/.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { corpusPath } from '../support/corpus';
import { startServeProcess, type ServeProcess } from '../support/serveProcess';
import { addFolder, approveCaptions } from '../support/pageHelpers';

const SCREENSHOTS = 'test-results/screenshots';
const PHOTOS = ['photos/animal_squirrel-on-branch.jpg', 'photos/food_citrus-fruit-slices.jpg'];
const NOT_OFFERED =
  'Mistral no longer offers pixtral-12b-latest (retired on 2025-12-31) · vision models it offers: ministral-14b-2512, mistral-small-2506';

describe('Test connection in Settings', () => {
  let root: string | undefined;
  let provider: FakeProvider | undefined;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shoebox-e2e-connection-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    provider = await startFakeProvider({ flavour: 'mistral', retired: ['pixtral-12b-latest'] });
    // Only the server comes from the environment: provider, model and key are chosen on the page.
    serve = await startServeProcess({ dataDir: join(root, 'data'), env: { SHOEBOX_BASE_URL: provider.url } });
    browser = await chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  }, 120_000);

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      try {
        await serve?.stop();
      } finally {
        await provider?.close();
        if (root) rmSync(root, { recursive: true, force: true });
      }
    }
  });

  async function testConnection(): Promise<string> {
    await page.getByTestId('settings-test-connection').click();
    const message = page.getByTestId('connection-message');
    await message.waitFor({ timeout: 20_000 });
    return message.innerText();
  }

  it('says what is wrong in words, offers the current vision models, then says all is good', async () => {
    await page.goto(serve!.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-provider').selectOption('mistral');
    await expect.poll(() => page.getByTestId('settings-model').inputValue()).toBe('ministral-14b-2512');

    // 1. A key Mistral does not know.
    await page.getByTestId('settings-model').fill('pixtral-12b-latest');
    await page.getByTestId('settings-key').fill('invalid');
    expect(await testConnection()).toBe(
      'Mistral rejected the key (HTTP 401): enter the right key in Settings',
    );
    expect(await page.getByTestId('connection-result').getAttribute('data-state')).toBe('bad-key');
    await page.screenshot({ path: `${SCREENSHOTS}/settings-connection-bad-key.png`, fullPage: true });

    // 2. A good key, and a saved model Mistral retired.
    await page.getByTestId('settings-key').fill('a-good-key');
    expect(await testConnection()).toBe(`Key OK · ${NOT_OFFERED}`);
    const offered = page.getByTestId('connection-alternative');
    expect(await offered.allInnerTexts()).toEqual(['ministral-14b-2512', 'mistral-small-2506']);
    await page.screenshot({
      path: `${SCREENSHOTS}/settings-connection-model-not-offered.png`,
      fullPage: true,
    });

    // The queue says the same, and sends nothing, when photos are approved with this setting.
    const photos = join(root!, 'Photos');
    mkdirSync(photos);
    for (const file of PHOTOS) cpSync(corpusPath(file), join(photos, file.split('/').at(-1)!));
    await addFolder(page, photos);
    await approveCaptions(page);
    const blocked = page.getByTestId('status-bar').locator('.status-blocked');
    await expect
      .poll(() => blocked.innerText(), { timeout: 20_000 })
      .toBe(`${NOT_OFFERED}: choose another model in Settings`);
    expect(provider!.requests).toHaveLength(0);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-test-connection').click();
    await expect
      .poll(() => page.getByTestId('connection-message').innerText(), { timeout: 20_000 })
      .toBe(`Key OK · ${NOT_OFFERED}`);

    // 3. One of the offered models: all good, with a price per 1,000 photos.
    await offered.first().click();
    expect(await page.getByTestId('settings-model').inputValue()).toBe('ministral-14b-2512');
    expect(await testConnection()).toMatch(
      /^Key OK · ministral-14b-2512 is available · about \$\d+\.\d\d per 1,000 photos at 1024 px$/,
    );
    expect(await page.getByTestId('connection-result').getAttribute('data-state')).toBe('ok');
    await page.screenshot({ path: `${SCREENSHOTS}/settings-connection-all-good.png`, fullPage: true });

    // Saving the offered model lifted the pause: the photos went, and none went to the retired model.
    await expect
      .poll(() => page.getByTestId('status-bar').innerText(), { timeout: 60_000 })
      .toMatch(/Captions: 2 done/);
    expect(provider!.requests.map((request) => request.model)).toEqual([
      'ministral-14b-2512',
      'ministral-14b-2512',
    ]);
  }, 120_000);
});
