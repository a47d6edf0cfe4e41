// The app's own scheme. `shoebox://app/…` is the built renderer itself (see appFiles.ts);
// `shoebox://thumb/<hash>` and `shoebox://preview/<hash>` are images answered from the core's thumbnail
// cache. A custom scheme (rather than file://) keeps the renderer from reading any other file on disk.
import type { CustomScheme, Protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { IMAGE_SCHEME } from '../../shared/bridge';
import type { Core, ImageSize } from '../core/coreInterface';
import { consoleLog, type Log } from '../core/log';
import { createAppFileHandler } from './appFiles';
import { APP_HOST } from './origin';

export const IMAGE_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: IMAGE_SCHEME,
  // standard: parsed like http (host = app, thumb or preview), with its own origin and storage for the app;
  // secure: a secure context, like https.
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

const SIZES: Record<string, ImageSize> = { thumb: 'thumb', preview: 'preview' };

/** Must run before the app's `ready` event. */
export function registerImageScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([IMAGE_SCHEME_PRIVILEGES]);
}

/** Which image a shoebox:// URL names, or null for anything else. */
export function parseImageUrl(url: string): { size: ImageSize; hash: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${IMAGE_SCHEME}:`) return null;
  const size = SIZES[parsed.hostname];
  const hash = parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, '');
  if (!size || !/^[0-9a-f]{64}$/.test(hash)) return null;
  return { size, hash };
}

/** The protocol handler; `fetchFile` is electron's net.fetch, which streams file:// URLs. */
export function createImageHandler(
  core: Pick<Core, 'image'>,
  fetchFile: (url: string) => Promise<Response>,
  log: Log = consoleLog,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const target = parseImageUrl(request.url);
    if (!target) return new Response('Not found', { status: 404 });
    let image: { path: string; mime: string } | null;
    try {
      image = await core.image(target.hash, target.size);
    } catch (error) {
      log.warn('image could not be made', { ...target, error: String(error) });
      image = null;
    }
    if (!image) return new Response('Not found', { status: 404 });
    const file = await fetchFile(pathToFileURL(image.path).href);
    if (!file.ok) return new Response('Not found', { status: 404 });
    return new Response(file.body, {
      status: 200,
      headers: { 'Content-Type': image.mime, 'Cache-Control': 'public, max-age=31536000, immutable' },
    });
  };
}

/** Must run after `ready`. `rendererDir` is out/renderer, served on shoebox://app/. */
export function handleShoeboxScheme(
  protocol: Pick<Protocol, 'handle'>,
  options: {
    core: Pick<Core, 'image'>;
    rendererDir: string;
    fetchFile: (url: string) => Promise<Response>;
    log?: Log;
  },
): void {
  const images = createImageHandler(options.core, options.fetchFile, options.log);
  const appFiles = createAppFileHandler(options.rendererDir, options.fetchFile);
  protocol.handle(IMAGE_SCHEME, (request) => {
    let host: string;
    try {
      host = new URL(request.url).host;
    } catch {
      host = '';
    }
    return host === APP_HOST ? appFiles(request) : images(request);
  });
}
