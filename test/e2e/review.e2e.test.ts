// Offline review in the browser: by photo with the keyboard (A, E, X, T, J/K, U), by tag with a bulk accept
// and its undo, a vocabulary merge, and sidecar export that exiftool reads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../support/browserSession';
import { runExiftool } from '../support/exiftool';
import { addFolder, approveCaptions, waitForCaptions } from '../support/pageHelpers';

const ANIMALS = [
  'photos/animal_squirrel-on-branch.jpg',
  'photos/animal_sheep-grazing-in-field.jpg',
  'photos/animal_nuthatch-on-tree-trunk.jpg',
  'photos/animal_two-dogs-at-window_portrait.jpg',
];
const CAPTION = 'Our neighbours’ pets — café, "treats" & 日本語 🐾';

describe('review in browser mode', () => {
  let session: BrowserSession;
  let page: Page;
  let folder: string;
  let edited = '';

  beforeAll(async () => {
    session = await startBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const states = () => page.getByTestId('review-tag').evaluateAll((els) => els.map((el) => el.dataset.state));
  const notice = (id: string) => page.getByTestId(id).innerText();

  it('captions four photos to review', async () => {
    await page.goto(session.serve.url);
    folder = session.photoFolder('Animals', ANIMALS);
    await addFolder(page, folder);
    await approveCaptions(page);
    await waitForCaptions(page, ANIMALS.length);
  });

  it('reviews by photo with the keyboard, and undoes', async () => {
    await expect.poll(() => page.getByTestId('review-count').innerText(), { timeout: 10_000 }).toBe('4');
    await page.getByTestId('nav-review').click();
    await expect
      .poll(() => page.getByTestId('review-position').innerText())
      .toMatch(/^Photo 1 of 4 · 4 with/);
    await expect.poll(async () => (await states()).length).toBeGreaterThanOrEqual(5);
    expect(new Set(await states())).toEqual(new Set(['suggested']));

    await page.keyboard.press('a');
    await expect.poll(() => notice('review-notice')).toMatch(/^Accepted all suggestions on .+\.jpg/);
    await expect
      .poll(() => page.getByTestId('review-position').innerText())
      .toMatch(/^Photo 2 of 4 · 3 with/);
    await expect.poll(() => page.getByTestId('review-count').innerText(), { timeout: 10_000 }).toBe('3');
    await page.keyboard.press('k');
    await expect.poll(async () => new Set(await states())).toEqual(new Set(['accepted']));
    await page.keyboard.press('u');
    await expect.poll(() => notice('review-notice')).toMatch(/^Undone: Accepted all suggestions/);
    await expect.poll(async () => new Set(await states())).toEqual(new Set(['suggested']));
    await expect.poll(() => page.getByTestId('review-position').innerText()).toMatch(/4 with/);

    // E edits the caption inline; Enter saves it as the user's.
    edited = await page.locator('.review-side .photo-title').innerText();
    await page.keyboard.press('e');
    await page.getByTestId('caption-editor').fill(CAPTION);
    await page.getByTestId('caption-editor').press('Enter');
    await expect.poll(() => page.getByTestId('review-caption').innerText()).toContain(CAPTION);
    await expect.poll(() => page.getByTestId('review-caption-state').innerText()).toBe('yours');

    // → focuses the second tag, X rejects it.
    const second = await page.getByTestId('review-tag').nth(1).getAttribute('title');
    expect(second).toMatch(/^suggested/);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('x');
    await expect.poll(async () => (await states())[1]).toBe('rejected');

    // T adds a tag of the user's own, with completion from the vocabulary; U takes it back.
    await page.keyboard.press('t');
    await page.getByTestId('tag-input').fill('backyard, friends');
    await page.getByTestId('tag-input').press('Enter');
    await expect.poll(() => page.getByTestId('review-tag').last().innerText()).toContain('backyard, friends');
    await expect.poll(async () => (await states()).at(-1)).toBe('user');
    await page.screenshot({ path: 'test-results/e2e-review-photo.png' });
    await page.keyboard.press('u');
    await expect.poll(() => notice('review-notice')).toBe(`Undone: Added ‘backyard, friends’ to ${edited}`);
    await expect
      .poll(() => page.getByTestId('review-tag').allInnerTexts())
      .not.toContain('backyard, friends×');

    // The edited caption is searchable at once.
    await page.getByTestId('nav-search').click();
    await page.keyboard.press('/');
    await page.keyboard.type('neighbours café');
    await expect
      .poll(() => page.locator('.result-caption').first().innerText(), { timeout: 10_000 })
      .toContain('Our neighbours’ pets');
    await page.screenshot({ path: 'test-results/e2e-review-search.png' });
  });

  it('reviews by tag: deselect one, accept on the rest in one action, undo it as one', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-mode-tag').click();
    await page.getByTestId('bytag-input').fill('animal');
    await page.getByTestId('bytag-input').press('Enter');
    const cells = page.getByTestId('bytag-cell');
    await expect.poll(() => cells.count()).toBe(4);
    await cells.nth(3).click();
    await expect
      .poll(() => page.getByTestId('bulk-apply').innerText())
      .toBe('Accept ‘animal’ on 3 photos, reject on 1 photo');
    await page.getByTestId('bulk-apply').click();
    await expect
      .poll(() => notice('bytag-notice'))
      .toBe('Accepted ‘animal’ on 3 photos, rejected it on 1 photo');
    const cellStates = () => cells.evaluateAll((els) => els.map((el) => el.dataset.state).sort());
    await expect.poll(cellStates).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
    await page.screenshot({ path: 'test-results/e2e-review-tag.png' });
    await page.getByTestId('bytag-undo').click();
    await expect
      .poll(() => notice('bytag-notice'))
      .toBe('Undone: Accepted ‘animal’ on 3 photos, rejected it on 1 photo');
    await expect.poll(cellStates).toEqual(['suggested', 'suggested', 'suggested', 'suggested']);
    // Once more for keeps, for the export below.
    await cells.nth(3).click();
    await page.getByTestId('bulk-apply').click();
    await expect.poll(cellStates).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
  });

  it('merges a tag in the vocabulary, as a rule', async () => {
    await page.getByTestId('nav-tags').click();
    const row = page.locator('[data-testid="vocabulary-row"][data-tag="sheep"]');
    await row.getByTestId('rename').click();
    await row.getByTestId('rename-input').fill('animal');
    await expect.poll(() => row.getByTestId('rename-save').innerText()).toBe('Merge into ‘animal’');
    await row.getByTestId('rename-save').click();
    await expect.poll(() => notice('vocabulary-notice')).toBe('Merged ‘sheep’ into ‘animal’ on 1 photo');
    await expect.poll(() => page.getByTestId('rules').innerText()).toContain('‘sheep’ becomes ‘animal’');
    await page.screenshot({ path: 'test-results/e2e-vocabulary.png', fullPage: true });
  });

  it('exports accepted captions and tags as sidecars that exiftool reads', async () => {
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-sidecars').click();
    await expect
      .poll(() => page.getByTestId('export-outcome').innerText(), { timeout: 30_000 })
      .toMatch(/^Wrote \d files?/);
    const sidecars = readdirSync(folder).filter((f) => f.endsWith('.jpg.xmp'));
    expect(sidecars).toContain(`${edited}.xmp`);
    const read = JSON.parse(
      runExiftool(['-j', '-charset', 'UTF8', '-XMP-dc:all', join(folder, `${edited}.xmp`)]),
    ) as Array<{ Description?: string; Subject?: string[] | string }>;
    expect(read[0]!.Description).toBe(CAPTION);
    expect([read[0]!.Subject ?? []].flat()).toContain('animal');
    await page.screenshot({ path: 'test-results/e2e-export.png', fullPage: true });

    // CSV downloads from the same page, the caption's quotes and commas escaped as RFC 4180 wants.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^shoebox-.+\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^path,other_paths,hash,caption,caption_state/);
    expect(csv).toContain('"Our neighbours’ pets — café, ""treats"" & 日本語 🐾",user');
  });
});
