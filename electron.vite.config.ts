import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server injects React Refresh's inline preamble and talks over a websocket; only `npm run dev`
// gets a CSP that allows them. Built pages keep the strict policy from renderer/index.html.
function devCsp(): Plugin {
  return {
    name: 'shoebox-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html: string) =>
      html
        .replace("default-src 'self';", "default-src 'self'; script-src 'self' 'unsafe-inline';")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      // The workers and the sentence encoder's process are loaded by path beside the main bundle
      // (electron/core/library/hashPool.ts, electron/core/search/referenceBuild.ts,
      // electron/core/meaning/meaningService.ts).
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          hashWorker: resolve('electron/core/library/hashWorker.ts'),
          meaningWorker: resolve('electron/core/meaning/meaningWorker.ts'),
          referenceWorker: resolve('electron/core/search/referenceWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load ES modules.
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react(), devCsp()],
  },
});
