// The result grid at 100,000 photos (`npm run bench -- grid`): the real `npm run serve` on a copy of the
// cached synthetic catalogue with a thumbnail for every photo, the grid opened in Chromium and scrolled a fixed
// distance every frame: a reading pass from the top, a fling down through thousands of rows (pages loading
// as it goes), a fling back up over what was loaded; frame times are measured inside the page. Beside it, in
// the same browser and run, the same scroll of a static page: what this Chromium gives when a page costs nothing.
// Figures, not pass/fail. BENCH_GRID_PHOTOS, BENCH_GRID_STEP_PX, BENCH_GRID_READING_STEP_PX and
// BENCH_GRID_FRAMES resize it; BENCH_GRID_PROFILE=file.cpuprofile writes the page's CPU profile over the grid's
// three passes, BENCH_GRID_TRACE=file.json a Chromium trace of them (both open in DevTools). Needs the built
// window (`npx electron-vite build`).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { startServeProcess } from '../support/serveProcess';
import { fmt, printBlock } from './benchSupport';
import { describeFrames, frameFigures, scrollAndTime, type ScrollRun } from './gridFrames';
import { prepareGridDataDir } from './gridDataDir';
import { syntheticCatalogue } from './searchCatalogue';

const PHOTOS = Number(process.env.BENCH_GRID_PHOTOS ?? 100_000);
/** A fling: about 80 rows a second at 60 Hz. */
const STEP_PX = Number(process.env.BENCH_GRID_STEP_PX ?? 300);
/** Reading: a few rows a second, slow enough that every thumbnail should show. */
const READING_STEP_PX = Number(process.env.BENCH_GRID_READING_STEP_PX ?? 20);
const FRAMES = Number(process.env.BENCH_GRID_FRAMES ?? 900);
const VIEWPORT = { width: 1280, height: 900 };
const RENDERER_INDEX = resolve(import.meta.dirname, '..', '..', 'out', 'renderer', 'index.html');

async function staticBaseline(page: Page): Promise<ScrollRun> {
  const height = STEP_PX * FRAMES + VIEWPORT.height * 2;
  await page.setContent(
    `<div id="static" style="position:fixed;inset:0;overflow:auto">` +
      `<div style="height:${height}px;background:repeating-linear-gradient(#ddd 0 120px,#999 120px 240px)"></div></div>`,
  );
  return scrollAndTime(page, { selector: '#static', step: STEP_PX, frames: FRAMES });
}

/** What DevTools' performance panel records: where main-thread and raster time goes (layout, paint, decode). */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'];

/** The page's main-thread CPU profile over the passes (BENCH_GRID_PROFILE=file.cpuprofile), for DevTools. */
async function startProfile(page: Page): Promise<{ stop(file: string): Promise<void> }> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      await session.detach();
    },
  };
}

/** Rows the grid holds now, and the pixels one row takes, read from the page. */
async function gridShape(page: Page): Promise<{ rows: number; pitch: number }> {
  const grid = page.locator('.result-scroll');
  const rows = Number(await grid.getAttribute('aria-rowcount'));
  const height = await grid.evaluate(
    (element) => (element as unknown as { scrollHeight: number }).scrollHeight,
  );
  return { rows, pitch: rows > 0 ? height / rows : NaN };
}

// In the page: of the cells inside the grid's viewport, how many show a decoded thumbnail right now.
const SHOWN_IN_VIEW = `(() => {
  const grid = document.querySelector('.result-scroll').getBoundingClientRect();
  let cells = 0;
  let shown = 0;
  for (const cell of document.querySelectorAll('.result-cell')) {
    const box = cell.getBoundingClientRect();
    if (box.bottom <= grid.top || box.top >= grid.bottom) continue;
    cells += 1;
    const img = cell.querySelector('img');
    if (img && img.complete && img.naturalWidth > 0) shown += 1;
  }
  return { cells, shown };
})()`;

async function shownInView(page: Page): Promise<string> {
  const { cells, shown } = (await page.evaluate(SHOWN_IN_VIEW)) as { cells: number; shown: number };
  return `${shown} of ${cells} cells in view show their thumbnail as the pass ends`;
}

function report(
  title: string,
  run: ScrollRun,
  pitch: number,
  baseline: ScrollRun,
  shown: string,
): Array<[string, string]> {
  const mine = frameFigures(run.deltas);
  const base = frameFigures(baseline.deltas);
  return [
    [title, describeFrames(mine)],
    [
      '  scrolled',
      `${fmt(run.scrolled / pitch, 0)} rows (${fmt(run.scrolled, 0)} px); ${run.stuckFrames} frames that could not move (the end of what was loaded, or the top)`,
    ],
    ['  thumbnails', shown],
    ['  long tasks', `${run.longTasks} (${fmt(run.longTaskMs, 0)} ms in all)`],
    [
      '  / baseline',
      `p50 ${fmt(mine.p50 / base.p50, 2)}, p95 ${fmt(mine.p95 / base.p95, 2)}, frames over 16.7 ms ${mine.over16} vs ${base.over16}`,
    ],
  ];
}

export async function main(): Promise<void> {
  if (!existsSync(RENDERER_INDEX))
    throw new Error(`The grid benchmark serves the built window: run \`npx electron-vite build\` first.`);
  const catalogue = syntheticCatalogue(PHOTOS);
  catalogue.db.close();
  const root = mkdtempSync(join(tmpdir(), 'shoebox-bench-grid-'));
  try {
    const dataDir = join(root, 'data');
    const setupStart = performance.now();
    const thumbnails = await prepareGridDataDir(catalogue.file, dataDir);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    const serve = await startServeProcess({
      dataDir,
      env: { SHOEBOX_PROVIDER: undefined },
      timeoutMs: 120_000,
    });
    const browser = await chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: VIEWPORT });
      const baseline = await staticBaseline(page);

      await page.goto(serve.url);
      await page.getByTestId('result-cell').first().waitFor({ timeout: 60_000 });
      // The first screenful's thumbnails, so the run starts from a settled page.
      await page.waitForLoadState('networkidle');
      const start = await gridShape(page);
      const profiler = process.env.BENCH_GRID_PROFILE ? await startProfile(page) : null;
      const trace = process.env.BENCH_GRID_TRACE;
      if (trace) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
      const reading = await scrollAndTime(page, {
        selector: '.result-scroll',
        step: READING_STEP_PX,
        frames: FRAMES,
      });
      const readingShown = await shownInView(page);
      const down = await scrollAndTime(page, { selector: '.result-scroll', step: STEP_PX, frames: FRAMES });
      // A fling's cells wait out their moment before asking for thumbnails: do they come once it stops?
      const downShown = `${await shownInView(page)}; ${await page
        .waitForTimeout(1000)
        .then(() => shownInView(page))
        .then((line) => line.replace('as the pass ends', 'a second later'))}`;
      const loaded = await gridShape(page);
      const up = await scrollAndTime(page, { selector: '.result-scroll', step: -STEP_PX, frames: FRAMES });
      const upShown = await shownInView(page);
      if (profiler) await profiler.stop(process.env.BENCH_GRID_PROFILE!);
      if (trace) await browser.stopTracing();

      printBlock(`Grid scrolling, ${PHOTOS.toLocaleString('en-US')} photos, ${FRAMES} frames a pass`, [
        [
          'setup',
          `catalogue ${catalogue.cached ? 'cached' : 'generated'} in ${fmt(catalogue.seconds)} s; ${thumbnails.toLocaleString('en-US')} thumbnails linked in ${fmt(setupSeconds)} s`,
        ],
        [
          'grid',
          `${fmt(start.pitch, 0)} px a row; ${start.rows} rows loaded at the start, ${loaded.rows} after the scroll down`,
        ],
        [`static page (baseline), ${STEP_PX} px a frame`, describeFrames(frameFigures(baseline.deltas))],
        ...report(
          `reading down, ${READING_STEP_PX} px a frame`,
          reading,
          loaded.pitch,
          baseline,
          readingShown,
        ),
        ...report(
          `fling down, ${STEP_PX} px a frame, loading pages`,
          down,
          loaded.pitch,
          baseline,
          downShown,
        ),
        ...report(`fling back up, ${STEP_PX} px a frame, all loaded`, up, loaded.pitch, baseline, upShown),
      ]);
    } finally {
      await browser.close();
      await serve.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
