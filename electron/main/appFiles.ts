// The built renderer (out/renderer) served on shoebox://app/. A request names a file below that folder and
// nothing else: no `..`, no encoded separators or NUL bytes, no absolute paths.
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IMAGE_SCHEME } from '../../shared/bridge';
import { APP_HOST } from './origin';

// Module scripts load only with a JavaScript type, so the type never depends on what net.fetch guesses.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** The file a shoebox://app/ URL names inside `rootDir`, or null for anything outside it or malformed. */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${IMAGE_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter(Boolean);
  if (segments.some((segment) => segment === '.' || segment === '..')) return null;
  const file = join(rootDir, ...(segments.length ? segments : ['index.html']));
  const inside = relative(rootDir, file);
  if (!inside || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  return file;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Answers shoebox://app/ requests; `fetchFile` is electron's net.fetch, which streams file:// URLs. */
export function createAppFileHandler(
  rootDir: string,
  fetchFile: (url: string) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = request.method === 'GET' ? resolveAppFile(rootDir, request.url) : null;
    if (!file) return new Response('Not found', { status: 404 });
    let response: Response;
    try {
      response = await fetchFile(pathToFileURL(file).href);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    if (!response.ok) return new Response('Not found', { status: 404 });
    return new Response(response.body, {
      status: 200,
      headers: { 'Content-Type': contentTypeOf(file), 'X-Content-Type-Options': 'nosniff' },
    });
  };
}
