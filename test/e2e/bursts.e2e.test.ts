// A burst in the browser: the estimate says what grouping saves, one shot is captioned, and another shot's
// "from IMG_… (same burst)" suggestion is accepted in review. Screenshots under test-results/screenshots/.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, sessionForSuite } from '../support/browserSession';
import { addFolder, openEstimate, waitForCaptions } from '../support/pageHelpers';
import { writeBurst } from '../support/bursts';
import { corpusPath } from '../support/corpus';

const SHOTS = 4;

describe('bursts in browser mode', () => {
  const suite = sessionForSuite();

  it('shows what grouping saves before anything is spent, then captions the burst once', async () => {
    const { session, page } = suite;
    const folder = join(session.root, 'Burst');
    await writeBurst({
      source: corpusPath('photos/animal_squirrel-on-branch.jpg'),
      dir: folder,
      shots: SHOTS,
      first: 1234,
      takenAt: new Date(Date.UTC(2024, 6, 1, 10, 0, 0)),
    });
    await page.goto(session.serve.url);
    await addFolder(page, folder);
    await openEstimate(page);
    await expect
      .poll(() => page.getByTestId('estimate-grouping').innerText(), { timeout: 10_000 })
      .toMatch(/^Grouping saved 3 photos \(about \$[\d.]+\)/);
    await expect.poll(() => page.getByTestId('estimate-text').innerText()).toMatch(/^Caption 1 photo /);
    await page.screenshot({ path: `${SCREENSHOTS}/bursts-estimate.png` });
    await page.getByTestId('estimate-approve').click();
    await waitForCaptions(page, SHOTS);
    expect(session.provider.requests).toHaveLength(1);
  });

  it('accepts a shot\'s "from IMG_… (same burst)" suggestion in review', async () => {
    const { session, page } = suite;
    await expect
      .poll(() => page.getByTestId('review-count').innerText(), { timeout: 10_000 })
      .toBe(String(SHOTS));
    await page.getByTestId('nav-review').click();
    await expect.poll(() => page.getByTestId('review-position').innerText()).toMatch(/^Photo 1 of 4/);
    // Newest first: step on until a follower of the burst is shown.
    for (let i = 0; i < SHOTS && !(await page.getByTestId('review-burst').isVisible()); i++) {
      await page.keyboard.press('j');
      await page.waitForTimeout(200);
    }
    const line = page.getByTestId('review-burst');
    await expect.poll(() => line.innerText()).toMatch(/^Suggested from IMG_12(3[4-7]) \(same burst\)\./);
    const tags = await page.getByTestId('review-tag').evaluateAll((els) => els.map((el) => el.dataset.state));
    expect(tags.length).toBeGreaterThan(0);
    expect(new Set(tags)).toEqual(new Set(['suggested']));
    expect(await page.getByTestId('review-tag').first().getAttribute('title')).toMatch(
      /from IMG_12\d\d \(same burst\)/,
    );
    await page.screenshot({ path: `${SCREENSHOTS}/bursts-review-suggestion.png` });

    await page.keyboard.press('a');
    await expect
      .poll(() => page.getByTestId('review-notice').innerText())
      .toMatch(/^Accepted all suggestions on IMG_12\d\d\.jpg/);
    // The accepted shot leaves the review queue: read it back through the API the window uses.
    const accepted = /IMG_12\d\d\.jpg/.exec(await page.getByTestId('review-notice').innerText())![0];
    const call = async (method: string, args: object) =>
      (await (
        await fetch(new URL(`/api/${method}`, session.serve.url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(args),
        })
      ).json()) as Record<string, unknown>;
    const listed = (await call('photos.search', { text: '', limit: 500 })) as {
      items: Array<{ id: number; fileName: string }>;
    };
    const id = listed.items.find((item) => item.fileName === accepted)!.id;
    const detail = (await call('photos.get', { id })) as {
      captionEntry: { state: string } | null;
      tagEntries: Array<{ state: string }>;
    };
    expect([...new Set(detail.tagEntries.map((entry) => entry.state))]).toEqual(['accepted']);
    expect(detail.captionEntry?.state).toBe('accepted');
    await page.screenshot({ path: `${SCREENSHOTS}/bursts-review-accepted.png` });
  });
});
