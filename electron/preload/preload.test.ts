// The preload against the real main-side dispatcher: a fake ipcRenderer/ipcMain pair routes invoke() to the
// handler registerApi installed, and webContents.send() to the listeners the bridge added.
import { describe, expect, it, vi } from 'vitest';
import { methods } from '../../shared/contract';
import type { ShoeboxBridge } from '../../shared/bridge';
import { silentLog } from '../core/log';
import { registerApi } from '../main/ipc';
import { createTestCore, TEST_FOLDER } from '../../test/support/fakeCore';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type Listener = (event: unknown, ...args: unknown[]) => void;

const wire = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Set<Listener>>(),
  exposed: new Map<string, unknown>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => wire.exposed.set(key, value),
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => wire.handlers.get(channel)!({}, ...args),
    on: (channel: string, listener: Listener) => {
      if (!wire.listeners.has(channel)) wire.listeners.set(channel, new Set());
      wire.listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: Listener) => wire.listeners.get(channel)?.delete(listener),
  },
}));

const ipcMain = {
  handle: (channel: string, handler: Handler) => wire.handlers.set(channel, handler),
  removeHandler: (channel: string) => wire.handlers.delete(channel),
};
const window = {
  isDestroyed: () => false,
  webContents: {
    isDestroyed: () => false,
    send: (channel: string, ...args: unknown[]) => {
      for (const listener of wire.listeners.get(channel) ?? []) listener({ sender: 'ipc' }, ...args);
    },
  },
};

describe('preload', () => {
  it('exposes window.shoebox with exactly one function per contract method', async () => {
    await import('./index');
    expect([...wire.exposed.keys()]).toEqual(['shoebox']);
    const bridge = wire.exposed.get('shoebox') as ShoeboxBridge;
    expect(Object.keys(bridge).sort()).toEqual(['api', 'imageUrl', 'onEvent']);
    expect(Object.keys(bridge.api).sort()).toEqual([...methods].sort());
    for (const method of methods) expect(typeof bridge.api[method]).toBe('function');
  });

  it('returns results, and throws Errors carrying the message', async () => {
    const core = createTestCore();
    const dispose = registerApi(ipcMain as never, core, () => [window], silentLog);
    const bridge = wire.exposed.get('shoebox') as ShoeboxBridge;
    try {
      await expect(bridge.api['folders.list']({})).resolves.toEqual([TEST_FOLDER]);
      await expect(bridge.api['folders.remove']({ id: 99 })).rejects.toThrow('No folder with id 99');
      await expect(bridge.api['folders.remove']({ id: -1 })).rejects.toThrow(/id/);
      await expect(bridge.api['queue.pause']({})).rejects.toThrow(/Something went wrong in queue\.pause/);
    } finally {
      dispose();
    }
  });

  it('delivers events without the IPC event object, and unsubscribes', () => {
    const core = createTestCore();
    const dispose = registerApi(ipcMain as never, core, () => [window], silentLog);
    const bridge = wire.exposed.get('shoebox') as ShoeboxBridge;
    const received: unknown[][] = [];
    const off = bridge.onEvent((name, payload) => received.push([name, payload]));
    core.events.emit('scan.progress', {
      folderId: 7,
      phase: 'scanning',
      filesSeen: 10,
      filesIngested: 4,
      filesUnreadable: 0,
    });
    off();
    core.events.emit('photos.changed', { count: 1 });
    dispose();
    expect(received).toEqual([
      [
        'scan.progress',
        { folderId: 7, phase: 'scanning', filesSeen: 10, filesIngested: 4, filesUnreadable: 0 },
      ],
    ]);
  });

  it('builds shoebox:// image URLs', () => {
    const bridge = wire.exposed.get('shoebox') as ShoeboxBridge;
    expect(bridge.imageUrl('ab'.repeat(32), 'thumb')).toBe(`shoebox://thumb/${'ab'.repeat(32)}`);
    expect(bridge.imageUrl('ab'.repeat(32), 'preview')).toBe(`shoebox://preview/${'ab'.repeat(32)}`);
  });
});
