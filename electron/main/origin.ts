// Which pages are the app. A built app serves its renderer from its own scheme (shoebox://app/…), never from
// file://, so no other page on the disk can pass for it, and the GrantFileProtocolExtraPrivileges fuse can be
// off. Only an unpackaged app (npm run dev) loads electron-vite's dev server instead.
import { IMAGE_SCHEME } from '../../shared/bridge';

/** The renderer's host on the app's scheme; thumbnails and previews use the hosts `thumb` and `preview`. */
export const APP_HOST = 'app';
export const APP_ORIGIN = `${IMAGE_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Whether a frame's URL is the app: its own origin, or the dev server's when one is in use. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) return target.origin === new URL(devServerUrl).origin;
  return (
    target.protocol === `${IMAGE_SCHEME}:` && target.host === APP_HOST && !target.username && !target.port
  );
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server to load instead of the built renderer: ELECTRON_RENDERER_URL, only in an unpackaged app and
 * only on loopback. A packaged app ignores it, so an environment variable cannot point an installed Shoebox
 * (and its keys and API) at another page.
 */
export function devServerUrlFor(options: {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
}): string | undefined {
  const value = options.env.ELECTRON_RENDERER_URL;
  if (options.isPackaged || !value) return undefined;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) {
      return url.href;
    }
  } catch {
    // not a URL: ignored like any other value
  }
  return undefined;
}
