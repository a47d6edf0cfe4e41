// The one app window: a sandboxed renderer with only the preload's bridge, no Node, no browser permissions,
// and no way to navigate away from the app or open other windows (a caption or file name must never become
// a live link).
import { BrowserWindow, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './origin';
import { guardPermissions } from './permissions';

export interface MainWindowOptions {
  preloadPath: string;
  /** electron-vite's dev server, from devServerUrlFor: never set in a packaged app. */
  devServerUrl?: string | undefined;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Shoebox',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const isApp = (url: string) => isAppUrl(url, options.devServerUrl);
  guardPermissions(window.webContents.session, isApp);
  lockDown(window.webContents, isApp);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.devServerUrl ?? APP_ENTRY_URL);
  return window;
}

/** Denies window.open and any navigation except reloading the app itself. */
export function lockDown(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  isApp: (url: string) => boolean,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isApp(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isApp(url)) event.preventDefault();
  });
}
