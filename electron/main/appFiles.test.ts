import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createTestCore } from '../../test/support/fakeCore';
import { createAppFileHandler, resolveAppFile } from './appFiles';
import { handleShoeboxScheme } from './protocol';
import { silentLog } from '../core/log';

vi.mock('electron', () => {
  throw new Error('appFiles.ts must not load electron at runtime');
});

/** Stands in for electron's net.fetch, which Node's fetch cannot do for file:// URLs. */
async function fetchFileUrl(url: string): Promise<Response> {
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch {
    return new Response(null, { status: 404 });
  }
}

function builtRenderer(): { root: string; secret: string } {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-renderer-'));
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  // A file beside the renderer folder that must never be reachable from it.
  const secret = join(dir, 'renderer-secrets.json');
  writeFileSync(secret, '{"key":"sk-secret"}');
  return { root, secret };
}

describe('shoebox://app/ serves the built renderer and nothing else', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    const root = '/app/out/renderer';
    expect(resolveAppFile(root, 'shoebox://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'shoebox://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'shoebox://app/index.html#/search?q=dog')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'shoebox://app/assets/index-abc.js')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
  });

  it('refuses every way out of the folder, and other hosts and schemes', () => {
    const root = '/app/out/renderer';
    for (const url of [
      'shoebox://app/..%2f..%2fmain%2findex.js',
      'shoebox://app/..%5c..%5cmain',
      'shoebox://app/index.html%00.js',
      'shoebox://app/%E0%A4%A',
      'shoebox://thumb/index.html',
      'shoebox://app.evil/index.html',
      'file:///app/out/renderer/index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
    // Node's URL parser folds `..` and `%2e%2e` itself (Chromium's may not, then the check above applies):
    // what is left stays inside the folder.
    expect(resolveAppFile(root, 'shoebox://app/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'shoebox://app/assets/%2e%2e/%2e%2e/etc/passwd')).toBe(
      join(root, 'etc', 'passwd'),
    );
  });

  it('answers with the file and a type that lets module scripts run; 404 for the rest', async () => {
    const { root } = builtRenderer();
    const handler = createAppFileHandler(root, fetchFileUrl);
    const page = await handler(new Request('shoebox://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('./assets/app.js');
    const script = await handler(new Request('shoebox://app/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("app")');
    expect((await handler(new Request('shoebox://app/assets/app.css'))).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
    expect((await handler(new Request('shoebox://app/assets/missing.js'))).status).toBe(404);
    expect((await handler(new Request('shoebox://app/..%2frenderer-secrets.json'))).status).toBe(404);
    expect(
      (await handler(new Request('shoebox://app/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(404);
  });

  it('shares the scheme with the images: app URLs go to the renderer, the rest to the core', async () => {
    const { root } = builtRenderer();
    let handler: ((request: Request) => Promise<Response>) | undefined;
    handleShoeboxScheme(
      { handle: (_scheme, h) => (handler = h as (request: Request) => Promise<Response>) },
      { core: createTestCore(), rendererDir: root, fetchFile: fetchFileUrl, log: silentLog },
    );
    expect((await handler!(new Request('shoebox://app/index.html'))).status).toBe(200);
    expect((await handler!(new Request('shoebox://thumb/index.html'))).status).toBe(404);
  });
});
