import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods, UserError, type Api, type WireError } from '../../shared/contract';
import type { Folder, QueueStatus, TagCount } from '../../shared/types';
import type { Core, ImageSize } from '../core/coreInterface';
import { EventBus } from '../core/events';
import type { Log } from '../core/log';
import { resolveStaticPath, startHttpServer, type HttpServer } from './httpServer';
import { HTML_CSP } from './securityHeaders';

const HASH = 'a'.repeat(64);
const INDEX_HTML = '<!doctype html><html><head><title>Shoebox</title></head><body>hi</body></html>';

const folder: Folder = {
  id: 1,
  path: '/photos',
  addedAt: '2026-01-01T00:00:00.000Z',
  photoCount: 3,
  unreadableCount: 0,
  state: 'watching',
  localOnly: false,
  error: null,
};
const status: QueueStatus = {
  paused: false,
  blockedReason: null,
  awaitingApproval: 0,
  waitingForLocal: 0,
  budgetCap: null,
  queued: 2,
  running: 0,
  done: 5,
  failed: 0,
  refused: 0,
  offline: false,
};

function buildApi(): Api {
  const notHere = () => Promise.reject(new UserError('Not available in this test'));
  const api = Object.fromEntries(methods.map((m) => [m, notHere])) as unknown as Api;
  api['folders.list'] = async () => [folder];
  api['folders.add'] = async ({ path }) => {
    if (path === '/does/not/exist') throw new UserError(`Folder not found: ${path}`);
    return { ...folder, path };
  };
  api['tags.list'] = async ({ limit }) =>
    [
      { tag: 'castle', count: 4 },
      { tag: 'sheep', count: 2 },
    ].slice(0, limit ?? 100) satisfies TagCount[];
  api['queue.status'] = async () => status;
  api['queue.pause'] = async () => {
    throw new Error('database is locked at /secret/path');
  };
  return api;
}

describe('startHttpServer', () => {
  let root: string;
  let rendererDir: string;
  let server: HttpServer;
  let port: number;
  let events: EventBus;
  let imageBytes: Buffer;
  let subscriptions = 0;
  const logged: string[] = [];
  const log: Log = {
    info: () => {},
    warn: (m) => logged.push(m),
    error: (m, f) => logged.push(`${m} ${JSON.stringify(f)}`),
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shoebox-http-'));
    rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
    writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
    const thumbPath = join(root, 'thumb.webp');
    imageBytes = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#c33' } })
      .webp()
      .toBuffer();
    writeFileSync(thumbPath, imageBytes);
    events = new EventBus();
    // Counts live subscriptions, so the test can see an SSE client's subscription end with its connection.
    const counted = new EventBus();
    counted.subscribe = (listener) => {
      subscriptions++;
      const unsubscribe = events.subscribe(listener);
      return () => {
        subscriptions--;
        return unsubscribe();
      };
    };
    const core: Core = {
      api: buildApi(),
      events: counted,
      image: async (hash: string, size: ImageSize) =>
        hash === HASH && size === 'thumb' ? { path: thumbPath, mime: 'image/webp' } : null,
      stop: async () => {},
    };
    server = await startHttpServer({ core, rendererDir, log, port: 0, heartbeatMs: 50 });
    port = Number(new URL(server.url).port);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  function post(method: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${server.url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  it('listens on loopback and reports its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(port).toBeGreaterThan(0);
  });

  it('calls the handler and returns its result as JSON', async () => {
    const res = await post('folders.list', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual([folder]);
    const tags = await post('tags.list', { limit: 1 });
    expect(await tags.json()).toEqual([{ tag: 'castle', count: 4 }]);
  });

  it('treats an empty body as no arguments', async () => {
    const res = await post('queue.status', '');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(status);
  });

  it('rejects arguments that fail the schema with 400 invalid-argument', async () => {
    const res = await post('tags.list', { limit: 'lots' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as WireError;
    expect(body.error.kind).toBe('invalid-argument');
    expect(body.error.message).toMatch(/limit/);
    const extra = await post('folders.list', { sneaky: true });
    expect(extra.status).toBe(400);
  });

  it('bounds the reply to a request full of wrong items', async () => {
    const wrong = Array.from({ length: 150_000 }, () => -1);
    const res = await post('review.bulkTag', { tag: 'dog', accept: wrong, reject: [] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as WireError;
    expect(body.error.message).toMatch(/more problems/);
    expect(JSON.stringify(body).length).toBeLessThan(5000);
  });

  it('refuses an impossible date with 400, not 500', async () => {
    const res = await post('photos.search', { text: '', takenFrom: '2026-13-45' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as WireError).error.message).toMatch(/takenFrom/);
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await post('folders.list', '{not json');
    expect(res.status).toBe(400);
    expect(((await res.json()) as WireError).error.kind).toBe('invalid-argument');
  });

  it('answers 404 for an unknown method', async () => {
    const res = await post('folders.explode', {});
    expect(res.status).toBe(404);
    expect(((await res.json()) as WireError).error.message).toMatch(/folders\.explode/);
  });

  it('answers 415 unless the body is JSON', async () => {
    const res = await post('folders.list', '{}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const res = await post('folders.add', { path: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
  });

  it('turns a UserError into 422 with its message', async () => {
    const res = await post('folders.add', { path: '/does/not/exist' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: { kind: 'user', message: 'Folder not found: /does/not/exist' },
    });
  });

  it('turns any other error into a generic 500 and logs the real one', async () => {
    const res = await post('queue.pause', {});
    expect(res.status).toBe(500);
    const body = (await res.json()) as WireError;
    expect(body.error.kind).toBe('internal');
    expect(body.error.message).not.toMatch(/secret/);
    expect(logged.some((line) => line.includes('/secret/path'))).toBe(true);
  });

  it('refuses a POST from a foreign origin', async () => {
    const res = await post('folders.list', {}, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const own = await post('folders.list', {}, { origin: `http://127.0.0.1:${port}` });
    expect(own.status).toBe(200);
  });

  it('refuses requests whose Host header is not loopback (DNS rebinding)', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status(`evil.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`127.0.0.1:${port + 1}`)).toBe(403);
  });

  it('forbids framing on every response, page or not (clickjacking)', async () => {
    const responses = [
      await fetch(server.url),
      await post('folders.list', {}),
      await post('folders.list', {}, { origin: 'http://evil.example' }),
      await fetch(`${server.url}thumbs/${HASH}`),
      await fetch(`${server.url}assets/missing.js`),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-frame-options'), res.url).toBe('DENY');
      expect(res.headers.get('content-security-policy'), res.url).toMatch(/frame-ancestors 'none'/);
      await res.arrayBuffer();
    }
    expect(responses[3]!.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('streams Server-Sent Events for emitted events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}api/events`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The first chunk is the "connected" comment, written once the subscription exists.
    text += decoder.decode((await reader.read()).value);
    events.emit('photos.changed', { count: 3 });
    while (!text.includes('event: photos.changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain('event: photos.changed\ndata: {"count":3}\n\n');
    expect(subscriptions).toBe(1);
    while (!text.includes(': heartbeat')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain(': heartbeat\n\n');
    controller.abort();
    await expect.poll(() => subscriptions, { timeout: 2000 }).toBe(0);
  });

  it('serves thumbnails with their mime type and an immutable cache header', async () => {
    const res = await fetch(`${server.url}thumbs/${HASH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect(Buffer.from(await res.arrayBuffer()).equals(imageBytes)).toBe(true);
    expect((await fetch(`${server.url}thumbs/${'b'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${server.url}previews/${HASH}`)).status).toBe(404);
  });

  it('serves index.html for / with a CSP header', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(HTML_CSP);
    expect(await res.text()).toBe(INDEX_HTML);
    const js = await fetch(`${server.url}assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(await js.text()).toBe(readFileSync(join(rendererDir, 'assets', 'app.js'), 'utf8'));
    expect((await fetch(`${server.url}assets/missing.js`)).status).toBe(404);
  });

  it('never serves files outside the renderer directory', async () => {
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        // A raw request: fetch() would normalise the dots away before sending.
        const req = httpRequest({ host: '127.0.0.1', port, path }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('/../secret.txt')).toBe(404);
    expect(await status('/%2e%2e/secret.txt')).toBe(404);
    expect(await status('/assets/..%2f..%2fsecret.txt')).toBe(404);
    expect(await status('/..%5csecret.txt')).toBe(404);
    expect(resolveStaticPath('/srv/r', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/r', '/a/b.js')).toBe('/srv/r/a/b.js');
  });

  it('answers 405 for the wrong HTTP method', async () => {
    expect((await fetch(`${server.url}api/folders.list`)).status).toBe(405);
  });
});

/** This machine's own address on a real network interface, to be another machine's request; null if none. */
const EXTERNAL_ADDRESS =
  Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address ?? null;
const TOKEN = 't'.repeat(32);

describe('startHttpServer bound beyond loopback', () => {
  let root: string;
  let server: HttpServer;
  let port: number;
  const quiet: Log = { info: () => {}, warn: () => {}, error: () => {} };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shoebox-http-lan-'));
    writeFileSync(join(root, 'index.html'), INDEX_HTML);
    const core: Core = {
      api: buildApi(),
      events: new EventBus(),
      image: async () => null,
      stop: async () => {},
    };
    server = await startHttpServer({
      core,
      rendererDir: root,
      log: quiet,
      host: '0.0.0.0',
      port: 0,
      allowedHosts: ['nas.local', 'proxy.example:8443'],
      accessToken: TOKEN,
    });
    port = Number(new URL(server.url).port);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  function call(path: string, headers: Record<string, string>, method = 'GET', via = '127.0.0.1') {
    return new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: via,
          port,
          path,
          method,
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(method === 'POST' ? '{}' : undefined);
    });
  }

  it('still refuses a Host that is not on the list (DNS rebinding)', async () => {
    expect(await call('/', { host: `evil.example:${port}` })).toBe(403);
    expect(await call('/', { host: 'evil.example' })).toBe(403);
    expect(await call('/', { host: `nas.local.evil.example:${port}` })).toBe(403);
    expect(await call('/', { host: 'proxy.example' })).toBe(403);
  });

  it('accepts the listed names, and loopback', async () => {
    expect(await call('/', { host: `nas.local:${port}` })).toBe(200);
    expect(await call('/', { host: 'NAS.local' })).toBe(200);
    expect(await call('/', { host: 'proxy.example:8443' })).toBe(200);
    expect(await call('/', { host: `localhost:${port}` })).toBe(200);
  });

  it("checks a POST's Origin against the list, not against the request's own Host", async () => {
    const attack = { host: `nas.local:${port}`, origin: 'http://evil.example' };
    expect(await call('/api/folders.list', attack, 'POST')).toBe(403);
    const rebound = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    expect(await call('/api/folders.list', rebound, 'POST')).toBe(403);
    const own = { host: `nas.local:${port}`, origin: `http://nas.local:${port}` };
    expect(await call('/api/folders.list', own, 'POST')).toBe(200);
    const proxied = { host: 'proxy.example:8443', origin: 'https://proxy.example:8443' };
    expect(await call('/api/folders.list', proxied, 'POST')).toBe(200);
  });

  it.skipIf(EXTERNAL_ADDRESS === null)(
    'asks another machine for the access token; loopback never',
    async () => {
      const via = EXTERNAL_ADDRESS!;
      const host = { host: `nas.local:${port}` };
      expect(await call('/', host, 'GET', via)).toBe(401);
      expect(await call('/api/folders.list', host, 'POST', via)).toBe(401);
      expect(await call(`/?token=${TOKEN}`, host, 'GET', via)).toBe(303);
      expect(
        await call('/api/folders.list', { ...host, cookie: `shoebox_token=${TOKEN}` }, 'POST', via),
      ).toBe(200);
      expect(
        await call('/api/folders.list', { ...host, authorization: `Bearer ${TOKEN}` }, 'POST', via),
      ).toBe(200);
      expect(await call('/api/folders.list', host, 'POST')).toBe(200);
    },
  );
});
