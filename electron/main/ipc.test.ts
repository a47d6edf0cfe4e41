import { describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, EVENT_CHANNEL } from '../../shared/bridge';
import { silentLog } from '../core/log';
import { registerApi, type EventTarget } from './ipc';
import { createTestCore, TEST_FOLDER } from '../../test/support/fakeCore';

// ipc.ts only needs types from electron; the mock proves it never touches the runtime module.
vi.mock('electron', () => {
  throw new Error('ipc.ts must not load electron at runtime');
});

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
    invoke: (...args: unknown[]) => handlers.get(API_CHANNEL)!({ sender: null }, ...args),
  };
}

function fakeWindow(destroyed = false) {
  const sent: unknown[][] = [];
  const window: EventTarget & { sent: unknown[][] } = {
    sent,
    isDestroyed: () => destroyed,
    webContents: { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => destroyed },
  };
  return window;
}

describe('registerApi', () => {
  it('validates arguments and returns {ok} or {error}', async () => {
    const core = createTestCore();
    const ipcMain = fakeIpcMain();
    registerApi(ipcMain as never, core, () => [], silentLog);

    expect(await ipcMain.invoke('folders.list', {})).toEqual({ ok: [TEST_FOLDER] });
    expect(await ipcMain.invoke('folders.list', undefined)).toEqual({ ok: [TEST_FOLDER] });
    expect(await ipcMain.invoke('folders.remove', { id: 7 })).toEqual({ ok: null });

    const invalid = (await ipcMain.invoke('folders.remove', { id: 'seven' })) as { error: { kind: string } };
    expect(invalid.error.kind).toBe('invalid-argument');
    expect(await ipcMain.invoke('folders.remove', { id: 7, extra: 1 })).toHaveProperty(
      'error.kind',
      'invalid-argument',
    );
    expect(await ipcMain.invoke('nope.nothing', {})).toEqual({
      error: { kind: 'invalid-argument', message: 'Unknown method: nope.nothing' },
    });
    expect(await ipcMain.invoke('toString', {})).toHaveProperty('error.kind', 'invalid-argument');
    expect(await ipcMain.invoke('folders.remove', { id: 99 })).toEqual({
      error: { kind: 'user', message: 'No folder with id 99' },
    });
    const internal = (await ipcMain.invoke('queue.pause', {})) as {
      error: { kind: string; message: string };
    };
    expect(internal.error.kind).toBe('internal');
    expect(internal.error.message).not.toContain('/home/someone');
    // Invalid calls never reached a handler.
    expect(core.calls.filter((c) => c.method === 'folders.remove')).toEqual([
      { method: 'folders.remove', args: { id: 7 } },
      { method: 'folders.remove', args: { id: 99 } },
    ]);
  });

  it('refuses calls from frames that are not the app', async () => {
    const core = createTestCore();
    const ipcMain = fakeIpcMain();
    registerApi(
      ipcMain as never,
      core,
      () => [],
      silentLog,
      (event) => event.sender !== null,
    );
    expect(await ipcMain.invoke('folders.list', {})).toEqual({
      error: { kind: 'invalid-argument', message: 'This page may not use the Shoebox API' },
    });
    expect(core.calls).toEqual([]);
  });

  it('forwards every core event to every live window, and stops when disposed', () => {
    const core = createTestCore();
    const ipcMain = fakeIpcMain();
    const open = fakeWindow();
    const closed = fakeWindow(true);
    const dispose = registerApi(ipcMain as never, core, () => [open, closed], silentLog);

    core.events.emit('photos.changed', { count: 2 });
    core.events.emit('folders.changed', [TEST_FOLDER]);
    expect(open.sent).toEqual([
      [EVENT_CHANNEL, 'photos.changed', { count: 2 }],
      [EVENT_CHANNEL, 'folders.changed', [TEST_FOLDER]],
    ]);
    expect(closed.sent).toEqual([]);

    dispose();
    core.events.emit('photos.changed', { count: 3 });
    expect(open.sent).toHaveLength(2);
    expect(ipcMain.handlers.has(API_CHANNEL)).toBe(false);
  });
});
