import { mkdirSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { PROVIDERS } from '../../shared/providers';
import { startFakeProvider, type FakeProvider, type Flavour } from '../fake-provider/server';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';
import { corpusPath } from './corpus';
import { startServeProcess, type ServeProcess } from './serveProcess';

/** `npm run serve` on a fresh data folder, pointed at a fake OpenRouter, and Chromium with one page. */
export interface BrowserSession {
  root: string;
  provider: FakeProvider;
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** A folder under the session's temp root holding copies of the given corpus files. */
  photoFolder(name: string, files: string[]): string;
  close(): Promise<void>;
}

/** `env` is added to the serve process's environment; `flavour` picks the fake provider (OpenRouter). */
export async function startBrowserSession(
  env: Record<string, string> = {},
  flavour: Flavour = 'openrouter',
): Promise<BrowserSession> {
  const root = mkdtempSync(join(tmpdir(), 'shoebox-e2e-'));
  // Whatever started is stopped again if a later step fails, so a failed start leaves nothing running.
  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const provider = await startFakeProvider({ flavour });
    started.push(() => provider.close());
    const serve = await startServeProcess({
      dataDir: join(root, 'data'),
      env: {
        SHOEBOX_PROVIDER: flavour,
        SHOEBOX_BASE_URL: provider.url,
        [PROVIDERS[flavour].keyEnv!]: 'e2e-key',
        ...env,
      },
    });
    started.push(() => serve.stop());
    const browser = await chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
    started.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    return {
      root,
      provider,
      serve,
      browser,
      page,
      photoFolder(name, files) {
        const dir = join(root, name);
        mkdirSync(dir);
        for (const file of files) cpSync(corpusPath(file), join(dir, file.split('/').at(-1)!));
        return dir;
      },
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Where e2e tests leave their screenshots. */
export const SCREENSHOTS = 'test-results/screenshots';

/**
 * One session for the tests of a describe block (call it in the block's body): started before the first,
 * closed after the last, also when a test or the start itself fails. The screenshots folder exists by then.
 */
export function sessionForSuite(
  env: Record<string, string> = {},
  flavour: Flavour = 'openrouter',
): { readonly session: BrowserSession; readonly page: Page } {
  let started: BrowserSession | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    started = await startBrowserSession(env, flavour);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  const session = (): BrowserSession => {
    if (!started) throw new Error('the browser session has not started (used outside a test?)');
    return started;
  };
  return {
    get session() {
      return session();
    },
    get page() {
      return session().page;
    },
  };
}
