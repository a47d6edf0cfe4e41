// Keystroke to first results in Chromium: the real `npm run serve` on a copy of the generated catalogue,
// a query typed one key at a time, and for each key the time until the page shows the answer to the text
// typed so far (the search view marks which text its results answer). Includes Playwright's round trips.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

interface Element {
  getAttribute(name: string): string | null;
}
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { startServeProcess } from '../support/serveProcess';

const TYPED = [
  'dog on the beach',
  'castle at sunset',
  'red bicycle',
  'snow mountain path',
  'old stone bridge',
];

export interface KeystrokeTimes {
  /** Key press to the page showing the answer, sorted. */
  keys: number[];
  /** Of which the search request itself (the browser's resource timing of its POST), sorted. */
  requests: number[];
  /** The slowest keys: the text typed so far, key to answer and its request, slowest first. */
  slowest: Array<{ text: string; ms: number; requestMs: number }>;
}

/**
 * How long the newest search request took, as the page's own resource timing saw it; the buffer is emptied
 * each time, since it stops recording at 250 entries and thumbnails would fill it.
 */
const LAST_SEARCH_REQUEST_MS = () => {
  const timing = (
    globalThis as unknown as {
      performance: {
        getEntriesByType(type: string): Array<{ name: string; duration: number }>;
        clearResourceTimings(): void;
      };
    }
  ).performance;
  const entries = timing
    .getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('/api/photos.search'));
  timing.clearResourceTimings();
  return entries.at(-1)?.duration ?? -1;
};

export async function keystrokeToResults(catalogueFile: string): Promise<KeystrokeTimes> {
  const root = mkdtempSync(join(tmpdir(), 'shoebox-bench-keys-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  copyFileSync(catalogueFile, join(dataDir, 'catalogue.sqlite'));
  // The reference data built beside the cached catalogue, so the server has no lexicon to build at start
  // while keys are timed.
  const reference = join(dirname(catalogueFile), 'reference');
  if (existsSync(reference)) cpSync(reference, join(dataDir, 'reference'), { recursive: true });
  const serve = await startServeProcess({
    dataDir,
    env: { SHOEBOX_PROVIDER: undefined },
    timeoutMs: 120_000,
  });
  const browser = await chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(serve.url);
    const input = page.getByTestId('search-input');
    const answered = (text: string) =>
      page.waitForFunction(
        // Runs in the page, where `document` exists; the bench itself is compiled for Node.
        (expected) =>
          (globalThis as unknown as { document: { querySelector(s: string): Element | null } }).document
            .querySelector('.search-view')
            ?.getAttribute('data-answered-text') === expected,
        text,
        { timeout: 60_000 },
      );
    // The first search opens the reference data; that is measured by the search benchmark, not here.
    await input.fill('warm up');
    await answered('warm up');
    const times: number[] = [];
    const requests: number[] = [];
    const perKey: KeystrokeTimes['slowest'] = [];
    for (const query of TYPED) {
      await input.fill('');
      await answered('');
      for (let i = 1; i <= query.length; i++) {
        const text = query.slice(0, i);
        const start = performance.now();
        await page.keyboard.type(query[i - 1]!);
        await answered(text.trim());
        if (query[i - 1] === ' ') continue;
        const ms = performance.now() - start;
        const requestMs = await page.evaluate(LAST_SEARCH_REQUEST_MS);
        times.push(ms);
        requests.push(requestMs);
        perKey.push({ text, ms, requestMs });
      }
    }
    const sorted = (list: number[]) => list.sort((a, b) => a - b);
    const slowest = perKey.sort((a, b) => b.ms - a.ms).slice(0, 5);
    return { keys: sorted(times), requests: sorted(requests), slowest };
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
