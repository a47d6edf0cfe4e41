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
  /** In the page: the key event to the frame painted with its answer, sorted. */
  painted: number[];
  /** In the page, the parts of `painted`, each sorted on its own: key event to the request sent, the
   * request's answer to React's commit of it, that commit to the frame painted. */
  stages: { toRequest: number[]; toCommit: number[]; toPaint: number[] };
  /** The slowest keys: the text typed so far, key to answer, its request and its paint, slowest first. */
  slowest: Array<{ text: string; ms: number; requestMs: number; paintedMs: number }>;
}

/**
 * Inside the page: when each key event happened and, for each text the search view says it answers, how
 * long after the last key the frame showing it was painted (a task after the next animation frame). This is
 * what a person sees, without Playwright's own round trips to and from the browser.
 */
const PAINT_PROBE = `(() => {
  const probe = { lastKey: 0, painted: {}, committed: {} };
  window.__shoeboxKeys = probe;
  document.addEventListener('keydown', (event) => { probe.lastKey = event.timeStamp; }, true);
  new MutationObserver((changes) => {
    for (const change of changes) {
      const text = change.target.getAttribute('data-answered-text');
      const since = probe.lastKey;
      probe.committed[text] = performance.now() - since;
      requestAnimationFrame(() => setTimeout(() => { probe.painted[text] = performance.now() - since; }, 0));
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-answered-text'] });
})()`;

/** The probe's record, as seen from functions that run in the page (serialised, so they repeat the cast). */
type WithProbe = {
  __shoeboxKeys: { lastKey: number; painted: Record<string, number>; committed: Record<string, number> };
};

/**
 * How long the newest search request took, as the page's own resource timing saw it; the buffer is emptied
 * each time, since it stops recording at 250 entries and thumbnails would fill it.
 */
const LAST_SEARCH_REQUEST = () => {
  const timing = (
    globalThis as unknown as {
      performance: {
        getEntriesByType(
          type: string,
        ): Array<{ name: string; duration: number; startTime: number; responseEnd: number }>;
        clearResourceTimings(): void;
      };
    }
  ).performance;
  const entries = timing
    .getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('/api/photos.search'));
  timing.clearResourceTimings();
  const last = entries.at(-1);
  return last ? { duration: last.duration, startTime: last.startTime, responseEnd: last.responseEnd } : null;
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
    await page.addInitScript({ content: PAINT_PROBE });
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
    const painted: number[] = [];
    const stages: KeystrokeTimes['stages'] = { toRequest: [], toCommit: [], toPaint: [] };
    const perKey: KeystrokeTimes['slowest'] = [];
    for (const query of TYPED) {
      await input.fill('');
      await answered('');
      for (let i = 1; i <= query.length; i++) {
        const text = query.slice(0, i);
        if (query[i - 1] !== ' ')
          await page.evaluate(
            (typed) => delete (globalThis as unknown as WithProbe).__shoeboxKeys.painted[typed],
            text,
          );
        const start = performance.now();
        await page.keyboard.type(query[i - 1]!);
        await answered(text.trim());
        if (query[i - 1] === ' ') continue;
        const ms = performance.now() - start;
        const request = await page.evaluate(LAST_SEARCH_REQUEST);
        const requestMs = request?.duration ?? -1;
        const paintedMs = (await (
          await page.waitForFunction(
            (typed) => (globalThis as unknown as WithProbe).__shoeboxKeys.painted[typed],
            text,
            { timeout: 10_000 },
          )
        ).jsonValue()) as number;
        times.push(ms);
        requests.push(requestMs);
        painted.push(paintedMs);
        perKey.push({ text, ms, requestMs, paintedMs });
        const probe = await page.evaluate((typed) => {
          const keys = (globalThis as unknown as WithProbe).__shoeboxKeys;
          return { lastKey: keys.lastKey, committed: keys.committed[typed] ?? -1 };
        }, text);
        if (request) {
          stages.toRequest.push(request.startTime - probe.lastKey);
          stages.toCommit.push(probe.committed - (request.responseEnd - probe.lastKey));
          stages.toPaint.push(paintedMs - probe.committed);
        }
      }
    }
    const sorted = (list: number[]) => list.sort((a, b) => a - b);
    const slowest = perKey.sort((a, b) => b.ms - a.ms).slice(0, 5);
    for (const list of Object.values(stages)) sorted(list);
    return { keys: sorted(times), requests: sorted(requests), painted: sorted(painted), stages, slowest };
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
