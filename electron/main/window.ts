// The one app window: a sandboxed renderer with only the preload's bridge, no Node, and no way to navigate
// away from the app or open other windows (a caption or file name must never become a live link).
import { BrowserWindow, type WebContents } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL); unset in a built app. */
  devServerUrl?: string | undefined;
  /** out/renderer/index.html */
  indexHtmlPath: string;
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
  lockDown(window.webContents, options.devServerUrl);
  window.once('ready-to-show', () => window.show());
  if (options.devServerUrl) void window.loadURL(options.devServerUrl);
  else void window.loadFile(options.indexHtmlPath);
  return window;
}

/** Denies window.open and any navigation except reloading the app itself. */
export function lockDown(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  devServerUrl?: string,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
}

export function isAppUrl(url: string, devServerUrl?: string): boolean {
  try {
    const target = new URL(url);
    if (devServerUrl) return target.origin === new URL(devServerUrl).origin;
    return target.protocol === 'file:' && target.pathname.endsWith('/index.html');
  } catch {
    return false;
  }
}
