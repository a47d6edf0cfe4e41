// The packaged desktop app, launched for real through Playwright's Electron driver: the `electron` tier.
// `npm run test:electron` builds the app and runs it alone; `npm test` runs it with the other tiers, so its
// result is counted in the one summary line. It skips itself when the Electron binary was never downloaded
// (as on machines that cannot fetch it), and says why.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { test } from 'vitest';
import { methods } from '../../shared/contract';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(REPO_ROOT, 'out', 'main', 'index.js');

/**
 * Where the electron package put its binary, without require('electron'): that call tries to download the
 * binary when it is missing, which cannot work offline.
 */
function electronBinary(): string | null {
  const packageDir = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'linux' ? 'electron' : '',
    );
    return existsSync(path) ? path : null;
  }
  if (!existsSync(pathFile)) return null;
  const path = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? path : null;
}

const binary = electronBinary();
const skipReason = !binary
  ? 'the Electron binary is not installed'
  : !existsSync(MAIN)
    ? 'run electron-vite build first'
    : null;

test.skipIf(skipReason !== null)(
  `the desktop app opens a sandboxed window that speaks the contract${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: 60_000 },
  async () => {
    const userData = mkdtempSync(join(tmpdir(), 'shoebox-electron-'));
    const app = await _electron.launch({
      executablePath: binary!,
      args: [MAIN, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, SHOEBOX_USER_DATA_DIR: userData, SHOEBOX_PROVIDER: '' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForFunction(() => 'shoebox' in globalThis);
      // The built renderer comes from the app's own scheme, and its module scripts ran there.
      assert.ok(page.url().startsWith('shoebox://app/'), page.url());
      await page.waitForFunction(() => {
        const root = (
          globalThis as unknown as {
            document: { getElementById(id: string): { childElementCount: number } | null };
          }
        ).document.getElementById('root');
        return (root?.childElementCount ?? 0) > 0;
      });
      const exposed = await page.evaluate(() => {
        const bridge = (globalThis as unknown as { shoebox: { api: Record<string, unknown> } }).shoebox;
        return {
          methods: Object.keys(bridge.api).sort(),
          hasNode: typeof (globalThis as { process?: unknown }).process,
        };
      });
      assert.deepEqual(exposed.methods, [...methods].sort());
      assert.equal(exposed.hasNode, 'undefined');

      const info = await page.evaluate(() =>
        (globalThis as unknown as { shoebox: { api: Record<string, (a: object) => Promise<unknown>> } })
          .shoebox.api['app.info']!({}),
      );
      assert.equal((info as { mode: string }).mode, 'desktop');

      const failure = await page.evaluate(() =>
        (globalThis as unknown as { shoebox: { api: Record<string, (a: object) => Promise<unknown>> } })
          .shoebox.api['folders.remove']!({ id: 'x' }).then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
      );
      assert.match(failure, /id/);

      // Navigation away from the app is blocked.
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      await page.waitForTimeout(300);
      assert.ok(page.url().startsWith('shoebox://app/'), page.url());
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  },
);
