// Finds a Chromium the end-to-end tests can drive on whatever machine runs them, so a fresh clone needs no
// system browser: an explicit SHOEBOX_CHROMIUM, a system Chromium or Chrome that really starts, a browser
// Playwright installed, then the headless Chromium that the @sparticuz/chromium dev dependency carries.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Started the way this offline machine needs (no background network, no sandbox as root). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface FoundChromium {
  path: string;
  /** Which rung of the search found it, for the one line the test run prints. */
  source: 'SHOEBOX_CHROMIUM' | 'system' | 'playwright' | '@sparticuz/chromium';
}

const SYSTEM_CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** A file that exists may still be a broken stub or a snap wrapper that cannot start here: start it. */
export async function startsHeadless(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  try {
    const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, timeout: 30_000 });
    await browser.close();
    return true;
  } catch {
    return false;
  }
}

/** Where `npx playwright install chromium` would have put its browser (it may not be there). */
function playwrightsOwnChromium(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    return null;
  }
}

async function sparticuzChromium(): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch {
    return null;
  }
}

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<FoundChromium> {
  const explicit = env.SHOEBOX_CHROMIUM;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`SHOEBOX_CHROMIUM=${explicit} does not exist`);
    return { path: explicit, source: 'SHOEBOX_CHROMIUM' };
  }
  for (const candidate of SYSTEM_CANDIDATES[process.platform] ?? []) {
    if (await startsHeadless(candidate)) return { path: candidate, source: 'system' };
  }
  const playwrights = playwrightsOwnChromium();
  if (playwrights && (await startsHeadless(playwrights))) return { path: playwrights, source: 'playwright' };
  const packaged = await sparticuzChromium();
  if (packaged && (await startsHeadless(packaged))) return { path: packaged, source: '@sparticuz/chromium' };
  throw new Error(
    'No Chromium found for the end-to-end tests: set SHOEBOX_CHROMIUM to a Chromium or Chrome binary ' +
      '(on Linux the @sparticuz/chromium dev dependency normally provides one).',
  );
}

/**
 * The browser the test run's global setup chose (it exports SHOEBOX_CHROMIUM to every worker), or a search of
 * our own when a test file is run outside that setup.
 */
export async function chromiumPath(): Promise<string> {
  return (await findChromium()).path;
}
