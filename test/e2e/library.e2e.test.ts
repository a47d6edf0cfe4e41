// The Library page in browser mode: a folder far larger than a photo library (limits lowered for the test)
// waits for the user, who can let it be watched or stop it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';

const PHOTOS = ['photos/animal_sheep-grazing-in-field.jpg', 'photos/food_fig-in-red-bowl.jpg'];

describe('the Library page and huge folders', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession({ SHOEBOX_LARGE_TREE_FOLDERS: '5' });
    ({ page } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  function hugeFolder(name: string): string {
    const dir = session.photoFolder(name, PHOTOS);
    for (let i = 0; i < 8; i++) mkdirSync(join(dir, `sub-${i}`));
    return dir;
  }

  async function add(path: string): Promise<void> {
    await page.getByTestId('folder-path-input').fill(path);
    await page.getByTestId('folder-add').click();
  }

  it('asks before watching a huge folder, and watches it after the yes', async () => {
    await page.goto(session.serve.url);
    await page.getByTestId('nav-library').click();
    await add(hugeFolder('Huge'));
    const row = page.getByTestId('folder-row').first();
    await expect
      .poll(() => row.getByTestId('folder-warning').innerText(), { timeout: 20_000 })
      .toMatch(/far more than a photo library/);
    await row.getByRole('button', { name: 'Watch it anyway' }).click();
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toMatch(/Watching[\s\S]*2 photos/);
    await expect(row.getByTestId('folder-warning').count()).resolves.toBe(0);
  }, 60_000);

  it('stops a huge folder when told to, and says so', async () => {
    await add(hugeFolder('Also huge'));
    const row = page.getByTestId('folder-row').filter({ hasText: 'Also huge' });
    await expect.poll(() => row.getByTestId('folder-warning').count(), { timeout: 20_000 }).toBe(1);
    await row.getByTestId('folder-stop-scan').click();
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toMatch(/Stopped[\s\S]*Scan stopped/);
  }, 60_000);
});
