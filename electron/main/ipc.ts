// The desktop transport: the contract over one IPC channel, events pushed to every window. Arguments are
// validated by the core's one dispatcher, as for HTTP, because the renderer is the less trusted side.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { eventNames } from '../../shared/contract';
import { API_CHANNEL, EVENT_CHANNEL } from '../../shared/bridge';
import type { Core } from '../core/coreInterface';
import { dispatch, wireError } from '../core/dispatch';
import { consoleLog, type Log } from '../core/log';

/** The little of a BrowserWindow that event forwarding needs. */
export interface EventTarget {
  webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
  isDestroyed(): boolean;
}

/**
 * Serves the contract on API_CHANNEL and forwards every core event to every open window on EVENT_CHANNEL.
 * Returns a function that undoes both (tests, and a clean quit).
 */
export function registerApi(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Core,
  getWindows: () => readonly EventTarget[],
  log: Log = consoleLog,
  /** Only frames showing the app may call the API (defence in depth: navigation is blocked as well). */
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean = () => true,
): () => void {
  ipcMain.handle(API_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    if (!isTrustedSender(event)) {
      log.warn('API call from an untrusted frame refused', { method: String(method) });
      return wireError('invalid-argument', 'This page may not use the Shoebox API');
    }
    // Never throws: every failure reaches the renderer as a message the preload rethrows.
    return dispatch(core.api, method, args, log);
  });
  const unsubscribe = core.events.subscribe((name, payload) => {
    if (!eventNames.includes(name)) return;
    for (const window of getWindows()) {
      if (window.isDestroyed() || window.webContents.isDestroyed()) continue;
      window.webContents.send(EVENT_CHANNEL, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(API_CHANNEL);
    unsubscribe();
  };
}
