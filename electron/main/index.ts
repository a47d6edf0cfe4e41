// The Electron shell. Deliberately thin: it builds the core with desktop-only hooks (folder picker, reveal in
// file manager, keychain-backed keys) and connects it to the window through IPC and the shoebox:// scheme.
// All behaviour lives in electron/core so that browser mode gets the same app.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../core/createCore';
import type { Core } from '../core/coreInterface';
import { consoleLog } from '../core/log';
import { registerApi } from './ipc';
import { createSafeStorageKeyStore } from './keyStore';
import { appMenuTemplate } from './menu';
import { devServerUrlFor, isAppUrl } from './origin';
import { handleShoeboxScheme, registerImageScheme } from './protocol';
import { createMainWindow } from './window';

const log = consoleLog;
const devServerUrl = devServerUrlFor({ isPackaged: app.isPackaged, env: process.env });

// out/main/index.js → out/preload/index.{js,cjs,mjs}, out/renderer/ (served on shoebox://app/)
const preloadDir = join(import.meta.dirname, '../preload');
const preloadPath =
  ['index.js', 'index.cjs', 'index.mjs']
    .map((name) => join(preloadDir, name))
    .find((path) => existsSync(path)) ?? join(preloadDir, 'index.js');
const rendererDir = join(import.meta.dirname, '../renderer');

let core: Core | null = null;
let stopped = false;
let stopping: Promise<void> | null = null;

// Tests (and anyone wanting a second, separate catalogue) point the app at another profile directory.
if (process.env.SHOEBOX_USER_DATA_DIR) app.setPath('userData', process.env.SHOEBOX_USER_DATA_DIR);

registerImageScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // One process per catalogue: a second one would fight over the database and the watchers.
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  try {
    const userData = app.getPath('userData');
    const keyStore = await createSafeStorageKeyStore({
      encryptor: safeStorage,
      file: join(userData, 'provider-keys.json'),
      platform: process.platform,
      log,
      onPlainText: ({ message, detail }) => {
        const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
        const options = { type: 'warning' as const, message, detail, buttons: ['OK'] };
        void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
      },
    });
    core = await createCore({
      dataDir: userData,
      env: process.env,
      mode: 'desktop',
      systemLocale: app.getLocale(),
      log,
      keyStore,
      platform: {
        pickFolder: async () => {
          const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
          const options = { title: 'Add a photo folder', properties: ['openDirectory' as const] };
          const result = parent
            ? await dialog.showOpenDialog(parent, options)
            : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        showInFolder: (path) => shell.showItemInFolder(path),
      },
    });
    handleShoeboxScheme(protocol, { core, rendererDir, fetchFile: (url) => net.fetch(url), log });
    registerApi(
      ipcMain,
      core,
      () => BrowserWindow.getAllWindows(),
      log,
      (event) => isAppUrl(event.senderFrame?.url ?? '', devServerUrl),
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, !app.isPackaged)));
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  } catch (error) {
    fatal(error);
  }
}

function openWindow(): void {
  createMainWindow({ preloadPath, devServerUrl });
}

function fatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log.error('Shoebox could not start', { error: error instanceof Error ? error.stack : error });
  dialog.showErrorBox('Shoebox could not start', message);
  app.exit(1);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quit waits for the core: the caption queue drains and the database closes before the process exits.
app.on('before-quit', (event) => {
  if (stopped || !core) return;
  event.preventDefault();
  if (stopping) return;
  stopping = core
    .stop()
    .catch((error: unknown) => log.error('Clean shutdown failed', { error: String(error) }))
    .finally(() => {
      stopped = true;
      app.quit();
    });
});
