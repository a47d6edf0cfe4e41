// The HTTP client against a real HTTP server. The renderer's tsconfig deliberately has no Node types (so
// the UI cannot use Node by accident); this test describes the sliver of node:http it needs and loads it
// dynamically.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createHttpApi } from './httpApi';
import { createHttpClient } from './createClient';

interface Req {
  url?: string;
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  on(event: 'data', listener: (chunk: { toString(): string }) => void): void;
  on(event: 'end', listener: () => void): void;
}
interface Res {
  writeHead(status: number, headers?: Record<string, string>): void;
  end(body?: string): void;
  destroy(): void;
}
interface Server {
  listen(port: number, host: string, callback: () => void): void;
  address(): { port: number } | string | null;
  close(callback: () => void): void;
  closeAllConnections(): void;
}
interface NodeHttp {
  createServer(handler: (req: Req, res: Res) => void): Server;
}

const NODE_HTTP: string = 'node:http';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  contentType: string | string[] | undefined;
  body: string;
}

describe('HTTP client', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    const http = (await import(/* @vite-ignore */ NODE_HTTP)) as NodeHttp;
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body });
        const json = (status: number, value: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        switch (req.url) {
          case '/api/folders.list':
            return json(200, [{ id: 1, path: '/photos' }]);
          case '/api/folders.remove':
            return json(200, null);
          case '/api/folders.add':
            return json(422, { error: { message: 'That folder does not exist: /nope', kind: 'user' } });
          case '/api/photos.get':
            return json(400, {
              error: { message: 'id: expected a positive integer', kind: 'invalid-argument' },
            });
          case '/api/queue.status':
            return json(500, { error: { message: 'database is locked', kind: 'internal' } });
          case '/api/tags.list':
            res.writeHead(502, { 'content-type': 'text/html' });
            return res.end('<h1>Bad gateway</h1>');
          case '/api/settings.get':
            return res.destroy();
          default:
            return json(404, { error: { message: 'unknown method', kind: 'invalid-argument' } });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(resolve));
  });

  const api = () => createHttpApi(fetch, baseUrl);

  async function caught(promise: Promise<unknown>): Promise<ApiError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  }

  it('POSTs the arguments as JSON to /api/<method> and returns the parsed result', async () => {
    const folders = await api()['folders.list']({});
    expect(folders).toEqual([{ id: 1, path: '/photos' }]);
    const last = seen[seen.length - 1]!;
    expect(last).toMatchObject({ method: 'POST', url: '/api/folders.list', body: '{}' });
    expect(last.contentType).toBe('application/json');
  });

  it('returns null results as null', async () => {
    await expect(api()['folders.remove']({ id: 3 })).resolves.toBeNull();
    expect(seen[seen.length - 1]!.body).toBe('{"id":3}');
  });

  it("throws the server's message for a user error (422)", async () => {
    const error = await caught(api()['folders.add']({ path: '/nope' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('That folder does not exist: /nope');
    expect(error.kind).toBe('user');
    expect(error.status).toBe(422);
  });

  it('keeps the kind of invalid-argument (400) and internal (500) errors', async () => {
    const invalid = await caught(api()['photos.get']({ id: 1 }));
    expect(invalid.message).toBe('id: expected a positive integer');
    expect(invalid.kind).toBe('invalid-argument');
    const internal = await caught(api()['queue.status']({}));
    expect(internal.message).toBe('database is locked');
    expect(internal.kind).toBe('internal');
    expect(internal.status).toBe(500);
  });

  it('describes an error response that is not JSON by its status', async () => {
    const error = await caught(api()['tags.list']({}));
    expect(error.message).toBe('tags.list failed: HTTP 502 Bad Gateway');
    expect(error.kind).toBe('internal');
  });

  it('reports a dropped connection as a network error', async () => {
    const error = await caught(api()['settings.get']({}));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/not reachable/);
  });

  it('reports a server that is gone as a network error', async () => {
    const error = await caught(createHttpApi(fetch, 'http://127.0.0.1:1')['app.info']({}));
    expect(error.kind).toBe('network');
  });

  it('builds image URLs for thumbnails and previews', () => {
    const client = createHttpClient({ baseUrl: '' });
    expect(client.imageUrl('abc123', 'thumb')).toBe('/thumbs/abc123');
    expect(client.imageUrl('abc123', 'preview')).toBe('/previews/abc123');
  });
});

describe('HTTP client without a server', () => {
  it('is not mistaken for a promise when awaited', async () => {
    const api = createHttpApi(() => Promise.reject(new Error('never called')), 'http://127.0.0.1:1');
    await expect(Promise.resolve(api)).resolves.toBe(api);
  });
});
