import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(
  () => [] as Array<{ options: unknown; loaded: string[]; handlers: Map<string, unknown> }>,
);

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record = {
      options: undefined as unknown,
      loaded: [] as string[],
      handlers: new Map<string, unknown>(),
    };
    openHandler: (() => unknown) | undefined;
    readonly webContents = {
      on: (name: string, handler: unknown) => this.record.handlers.set(name, handler),
      setWindowOpenHandler: (handler: () => unknown) => this.record.handlers.set('window-open', handler),
    };
    constructor(options: unknown) {
      this.record.options = options;
      created.push(this.record);
    }
    once() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    loadFile(path: string) {
      this.record.loaded.push(`file:${path}`);
      return Promise.resolve();
    }
  }
  return { BrowserWindow };
});

const { createMainWindow, isAppUrl } = await import('./window');

describe('createMainWindow', () => {
  it('creates an isolated, sandboxed window without Node', () => {
    createMainWindow({
      preloadPath: '/app/out/preload/index.js',
      indexHtmlPath: '/app/out/renderer/index.html',
    });
    const window = created.at(-1)!;
    expect(window.options).toMatchObject({
      webPreferences: {
        preload: '/app/out/preload/index.js',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    expect(window.loaded).toEqual(['file:/app/out/renderer/index.html']);
  });

  it('loads the dev server when given one, denies window.open and foreign navigation', () => {
    createMainWindow({
      preloadPath: '/p.js',
      indexHtmlPath: '/i.html',
      devServerUrl: 'http://localhost:5173/',
    });
    const window = created.at(-1)!;
    expect(window.loaded).toEqual(['http://localhost:5173/']);
    const open = window.handlers.get('window-open') as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
    const navigate = window.handlers.get('will-navigate') as (
      e: { preventDefault(): void },
      url: string,
    ) => void;
    const blocked = vi.fn();
    navigate({ preventDefault: blocked }, 'https://evil.example/');
    expect(blocked).toHaveBeenCalledTimes(1);
    const allowed = vi.fn();
    navigate({ preventDefault: allowed }, 'http://localhost:5173/#/search');
    expect(allowed).not.toHaveBeenCalled();
  });

  it('recognises only the app itself as a navigation target', () => {
    expect(isAppUrl('file:///app/out/renderer/index.html')).toBe(true);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://example.com/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });
});
