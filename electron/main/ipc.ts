// The desktop transport: the contract over one IPC channel, events pushed to every window. Arguments are
// validated here exactly as the HTTP server does, because the renderer is the less trusted side.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { eventNames, isMethod, UserError, type WireError } from '../../shared/contract';
import { argSchemas } from '../../shared/contractSchemas';
import { describeValidationError } from '../../shared/validationMessage';
import { API_CHANNEL, EVENT_CHANNEL, type ApiReply } from '../../shared/bridge';
import type { Core } from '../core/core';
import { consoleLog, type Log } from '../core/log';

/** The little of a BrowserWindow that event forwarding needs. */
export interface EventTarget {
  webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
  isDestroyed(): boolean;
}

/** Runs one API call from a renderer; never throws, so every failure reaches the renderer as a message. */
export async function dispatchApiCall(
  core: Core,
  method: unknown,
  args: unknown,
  log: Log,
): Promise<ApiReply> {
  if (typeof method !== 'string' || !isMethod(method)) {
    return wireError('invalid-argument', `Unknown method: ${String(method)}`);
  }
  const parsed = argSchemas[method].safeParse(args ?? {});
  if (!parsed.success) return wireError('invalid-argument', describeValidationError(parsed.error));
  try {
    // The schema for `method` produced these args, so the handler for `method` accepts them.
    const handler = core.api[method] as (a: unknown) => Promise<unknown>;
    return { ok: (await handler(parsed.data)) ?? null };
  } catch (error) {
    if (error instanceof UserError || (error instanceof Error && error.name === 'UserError')) {
      return wireError('user', error.message);
    }
    log.error(`api ${method} failed`, {
      error: error instanceof Error ? (error.stack ?? error.message) : error,
    });
    return wireError('internal', `Something went wrong in ${method}; see the log.`);
  }
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
    return dispatchApiCall(core, method, args, log);
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

function wireError(kind: WireError['error']['kind'], message: string): WireError {
  return { error: { kind, message } };
}
