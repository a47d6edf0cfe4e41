// Arguments only the desktop's own dialogs may supply. export.start's `destination` is the path the save
// dialog returned after the user chose it (and agreed to replace a file there). Over HTTP nobody chose it,
// and any path would be written: a photo, the catalogue, the key file. Browser mode keeps its exports in the
// data folder and downloads them (GET /api/exports/<id>/file) instead.
import type { Method } from '../../shared/contract';

const DESKTOP_ONLY: Partial<Record<Method, { field: string; instead: string }>> = {
  'export.start': {
    field: 'destination',
    instead: 'leave it out and download the file from GET /api/exports/<id>/file',
  },
};

/** The message for a request that names a desktop-only argument, or null when it names none. */
export function desktopOnlyArgument(method: Method, body: unknown): string | null {
  const rule = DESKTOP_ONLY[method];
  if (!rule || typeof body !== 'object' || body === null || !Object.hasOwn(body, rule.field)) return null;
  return `${method}: "${rule.field}" is for the desktop app's save dialog, not the HTTP API; ${rule.instead}.`;
}
