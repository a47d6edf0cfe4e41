import { describe, expect, it, vi } from 'vitest';

interface SessionRecord {
  request?: (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: object,
  ) => void;
  check?: (contents: unknown, permission: string, origin: string, details: object) => boolean;
  device?: (details: object) => boolean;
}

const created = vi.hoisted(
  () =>
    [] as Array<{
      options: unknown;
      loaded: string[];
      handlers: Map<string, unknown>;
      session: SessionRecord;
    }>,
);

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record = {
      options: undefined as unknown,
      loaded: [] as string[],
      handlers: new Map<string, unknown>(),
      session: {} as SessionRecord,
    };
    readonly webContents = {
      on: (name: string, handler: unknown) => this.record.handlers.set(name, handler),
      setWindowOpenHandler: (handler: () => unknown) => this.record.handlers.set('window-open', handler),
      session: {
        setPermissionRequestHandler: (handler: SessionRecord['request']) =>
          (this.record.session.request = handler),
        setPermissionCheckHandler: (handler: SessionRecord['check']) => (this.record.session.check = handler),
        setDevicePermissionHandler: (handler: SessionRecord['device']) =>
          (this.record.session.device = handler),
      },
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

const { createMainWindow } = await import('./window');

type Navigate = (event: { preventDefault(): void }, url: string) => void;

function navigationBlocked(window: (typeof created)[number], url: string): boolean {
  const blocked = vi.fn();
  (window.handlers.get('will-navigate') as Navigate)({ preventDefault: blocked }, url);
  return blocked.mock.calls.length > 0;
}

describe('createMainWindow', () => {
  it('creates an isolated, sandboxed window without Node that loads the app from its own scheme', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.js' });
    const window = created.at(-1)!;
    expect(window.options).toMatchObject({
      webPreferences: {
        preload: '/app/out/preload/index.js',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    expect(window.loaded).toEqual(['shoebox://app/index.html']);
    expect(navigationBlocked(window, 'shoebox://app/index.html#/search')).toBe(false);
    expect(navigationBlocked(window, 'file:///tmp/downloaded/index.html')).toBe(true);
  });

  it('loads the dev server when given one, denies window.open and foreign navigation', () => {
    createMainWindow({ preloadPath: '/p.js', devServerUrl: 'http://localhost:5173/' });
    const window = created.at(-1)!;
    expect(window.loaded).toEqual(['http://localhost:5173/']);
    const open = window.handlers.get('window-open') as () => unknown;
    expect(open()).toEqual({ action: 'deny' });
    expect(navigationBlocked(window, 'https://evil.example/')).toBe(true);
    expect(navigationBlocked(window, 'http://localhost:5173/#/search')).toBe(false);
  });

  it('refuses every permission request and check, from the app and from anywhere else', () => {
    createMainWindow({ preloadPath: '/p.js' });
    const { session } = created.at(-1)!;
    expect(session.request && session.check && session.device).toBeTruthy();
    const permissions = [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'pointerLock',
      'display-capture',
      'hid',
      'serial',
      'usb',
      'fileSystem',
      'storage-access',
    ];
    for (const permission of permissions) {
      for (const url of ['shoebox://app/index.html', 'https://evil.example/']) {
        const answers: boolean[] = [];
        session.request!(null, permission, (granted) => answers.push(granted), { requestingUrl: url });
        expect(answers, `${permission} from ${url}`).toEqual([false]);
        expect(session.check!(null, permission, url, {}), `${permission} check`).toBe(false);
      }
    }
    expect(session.device!({ deviceType: 'usb', origin: 'shoebox://app' })).toBe(false);
  });
});
