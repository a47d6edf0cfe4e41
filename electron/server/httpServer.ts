// Browser mode's transport: the contract over plain HTTP, events as Server-Sent Events, images and the built
// renderer as static files. node:http only, so the whole surface is visible here. It listens on loopback and
// defends against the ways a web page could reach it anyway: DNS rebinding (the Host header must be an
// allowed name), cross-site form/fetch POSTs (the Origin must be an allowed host) and framing (clickjacking:
// no page may frame it), see hostPolicy.ts and securityHeaders.ts.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { eventNames, isMethod, type ErrorKind, type WireError } from '../../shared/contract';
import type { Core, ImageSize } from '../core/coreInterface';
import { dispatch, wireError } from '../core/dispatch';
import type { Log } from '../core/log';
import { createAccessGate } from './accessGate';
import { desktopOnlyArgument } from './desktopOnlyArgs';
import { createHostPolicy } from './hostPolicy';
import { HTML_CSP, setSecurityHeaders } from './securityHeaders';

export interface HttpServerOptions {
  core: Core;
  /** Interface to bind; loopback by default. */
  host?: string;
  /**
   * Names besides loopback by which browsers may reach the server (`nas.local`, `192.168.1.20`,
   * `nas.local:8443`); requests naming any other host are refused, whatever interface is bound.
   */
  allowedHosts?: readonly string[];
  /**
   * When set, requests from other machines must carry this token (the startup link's `?token=`, then a
   * cookie, or `Authorization: Bearer`); requests from loopback never need it. See accessGate.ts.
   */
  accessToken?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  log: Log;
  /** Tests shorten the SSE keep-alive. */
  heartbeatMs?: number;
}

export interface HttpServer {
  /** e.g. http://127.0.0.1:4310/ */
  url: string;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_HOST = '127.0.0.1';

/** What the HTTP side adds to the core's answer: a status code per kind of error. */
const STATUS_BY_KIND: Record<ErrorKind, number> = { 'invalid-argument': 400, user: 422, internal: 500 };

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly kind: WireError['error']['kind'] = 'invalid-argument',
  ) {
    super(message);
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { core, log } = options;
  const host = options.host ?? DEFAULT_HOST;
  // Checked before listening, so a bad name fails at startup; replaced once the port is known.
  let hosts = createHostPolicy(0, options.allowedHosts);
  const gate = options.accessToken === undefined ? null : createAccessGate(options.accessToken);
  const rendererDir = resolve(options.rendererDir);
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const eventStreams = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('http request failed', { url: req.url, error: String(error) });
      if (!res.headersSent) sendJson(res, 500, wireError('internal', 'Internal error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!hosts.allowsHost(req.headers.host)) {
      sendJson(res, 403, wireError('invalid-argument', 'Unexpected Host header'));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const path = url.pathname;
    if (gate && !admitted(req, res, path)) return;

    if (path === '/api/events') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      return openEventStream(res);
    }
    const exportFile = /^\/api\/exports\/(\d+)\/file$/.exec(path);
    if (exportFile) {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      return serveExportFile(res, Number(exportFile[1]));
    }
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return handleApi(req, res, path.slice('/api/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const image = /^\/(thumbs|previews)\/([^/]+)$/.exec(path);
    if (image) return serveImage(req, res, image[1] === 'thumbs' ? 'thumb' : 'preview', image[2]!);
    return serveStatic(req, res, path);
  }

  /** A finished CSV or JSON export, as a download: streamed from its file, never read whole. */
  async function serveExportFile(res: ServerResponse, id: number): Promise<void> {
    const file = core.exportFile?.(id) ?? null;
    const size = file
      ? await stat(file.path).then(
          (s) => s.size,
          () => null,
        )
      : null;
    if (!file || size === null) {
      sendJson(res, 404, wireError('user', 'There is no finished export file with that id.'));
      return;
    }
    res.writeHead(200, {
      'Content-Type': `${file.mimeType}; charset=utf-8`,
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    });
    createReadStream(file.path).pipe(res);
  }

  /** False when the access gate answered the request itself (a refusal, or the link's redirect). */
  function admitted(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const decision = gate!({
      remoteAddress: req.socket.remoteAddress,
      method: req.method,
      url: req.url ?? '/',
      cookie: req.headers.cookie,
      authorization: req.headers.authorization,
    });
    if (decision.kind === 'allow') return true;
    if (decision.kind === 'grant') {
      res.writeHead(303, {
        Location: decision.location,
        'Set-Cookie': decision.cookie,
        'Cache-Control': 'no-store',
      });
      res.end();
      return false;
    }
    const message =
      'This Shoebox is shared on the network: open the link it printed when it started (it ends in ?token=…).';
    if (path.startsWith('/api/')) sendJson(res, 401, wireError('invalid-argument', message));
    else sendText(res, 401, message);
    return false;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    // A page on another site may POST here (a "simple" request needs no preflight); only our own origin may.
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.allowsOrigin(origin)) {
      sendJson(res, 403, wireError('invalid-argument', 'Cross-origin requests are not allowed'));
      return;
    }
    // No such method is no such route: answered before a body is read (the dispatcher would say the same).
    if (!isMethod(name)) {
      sendJson(res, 404, wireError('invalid-argument', `Unknown method: ${name}`));
      return;
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      sendJson(res, 415, wireError('invalid-argument', 'Content-Type must be application/json'));
      return;
    }
    let body: unknown;
    try {
      const text = await readBody(req, MAX_BODY_BYTES);
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, wireError(error.kind, error.message));
        return;
      }
      sendJson(res, 400, wireError('invalid-argument', 'The request body is not valid JSON'));
      return;
    }
    const desktopOnly = desktopOnlyArgument(name, body);
    if (desktopOnly !== null) {
      sendJson(res, 400, wireError('invalid-argument', desktopOnly));
      return;
    }
    const reply = await dispatch(core.api, name, body, log);
    if ('ok' in reply) sendJson(res, 200, reply.ok);
    else sendJson(res, STATUS_BY_KIND[reply.error.kind], reply);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    eventStreams.add(res);
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (!eventNames.includes(name)) return;
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      eventStreams.delete(res);
    };
    // The response's close, not the request's: a GET request "closes" as soon as its (empty) body is read.
    res.on('close', cleanup);
  }

  async function serveImage(
    req: IncomingMessage,
    res: ServerResponse,
    size: ImageSize,
    rawHash: string,
  ): Promise<void> {
    let found: { path: string; mime: string } | null;
    try {
      found = await core.image(decodeURIComponent(rawHash), size);
    } catch (error) {
      // An unreadable original is not a server fault; the UI just shows no picture.
      log.warn('image could not be made', { hash: rawHash, size, error: String(error) });
      found = null;
    }
    if (!found) {
      sendText(res, 404, 'Not found');
      return;
    }
    await streamFile(req, res, found.path, {
      'Content-Type': found.mime,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
    const file = resolveStaticPath(rendererDir, urlPath);
    if (!file) {
      sendText(res, 404, 'Not found');
      return;
    }
    let target = file;
    let info = await stat(target).catch(() => null);
    if (info?.isDirectory()) {
      target = join(target, 'index.html');
      info = await stat(target).catch(() => null);
    }
    if (!info?.isFile()) {
      sendText(res, 404, 'Not found');
      return;
    }
    const type = MIME_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Length': String(info.size),
      // Vite's hashed bundles never change; index.html must always be revalidated to pick up a new build.
      'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = HTML_CSP;
    await streamFile(req, res, target, headers);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = createHostPolicy(port, options.allowedHosts);
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        for (const stream of eventStreams) stream.end();
        server.close((error) => (error ? reject(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

/** The file under root that a URL path names, or null when it would escape root (or is malformed). */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`));
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendJson(res, 405, wireError('invalid-argument', 'Method not allowed'));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `The request body is larger than ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `The request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function streamFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: Record<string, string>,
): Promise<void> {
  return new Promise((resolveStream) => {
    const stream = createReadStream(path);
    stream.once('open', () => {
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        stream.destroy();
        res.end();
        resolveStream();
        return;
      }
      stream.pipe(res);
    });
    stream.once('error', () => {
      if (!res.headersSent) sendText(res, 404, 'Not found');
      else res.destroy();
      resolveStream();
    });
    stream.once('close', () => resolveStream());
  });
}
