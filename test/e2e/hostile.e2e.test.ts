// Issue 11 in a real browser: a foreign page cannot frame the UI (clickjacking), and a file name whose
// right-to-left override disguises it is shown for what it is.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { corpusPath } from '../support/corpus';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { addFolder } from '../support/pageHelpers';

// "kcud.jpg" after a right-to-left override: a browser draws it as "gpj.duck".
const DISGUISED = '\u202Ekcud.jpg';

describe('hostile pages and names', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('refuses to be framed by another page', async () => {
    await page.setContent(
      `<p>win a prize</p><iframe id="victim" src="${session.serve.url}" width="800" height="600"></iframe>`,
    );
    // setContent waits for the page's load event, which waits for its frames, blocked ones included.
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    const shown = await frame!
      .locator('[data-testid="nav-library"]')
      .count()
      .catch(() => 0);
    expect(shown).toBe(0);
    expect(frame!.url()).not.toBe(session.serve.url);

    // The same URL opened directly works.
    await page.goto(session.serve.url);
    await expect.poll(() => page.getByTestId('nav-library').count(), { timeout: 10_000 }).toBe(1);
  }, 60_000);

  it('shows the direction override in a file name instead of obeying it', async () => {
    const dir = join(session.root, 'Disguised');
    mkdirSync(dir);
    copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), join(dir, DISGUISED));
    await page.goto(session.serve.url);
    await addFolder(page, dir);
    await expect.poll(() => page.getByTestId('folder-row').count(), { timeout: 20_000 }).toBe(1);

    await page.getByTestId('nav-search').click();
    const cell = page.getByTestId('result-cell').first();
    await expect.poll(() => page.getByTestId('result-cell').count(), { timeout: 20_000 }).toBe(1);
    await cell.click();
    const title = page.locator('.photo-title');
    await expect.poll(() => title.innerText(), { timeout: 10_000 }).toBe('⟨RLO⟩kcud.jpg');
    expect(await title.locator('bdi.has-bidi-controls').count()).toBe(1);
    expect(await title.getAttribute('title')).toBe('⟨RLO⟩kcud.jpg');
  }, 60_000);
});
