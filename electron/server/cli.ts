// `npm run serve`: browser mode. Builds the core on a data directory, serves the built renderer and the
// contract over HTTP on loopback, and shuts the core down cleanly on Ctrl-C / SIGTERM.
import { existsSync } from 'node:fs';
import { homedir, hostname, networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/createCore';
import { consoleLog } from '../core/log';
import { loadOrCreateAccessToken } from './accessGate';
import { defaultAllowedHosts, isLoopbackHost } from './allowedHosts';
import { startHttpServer } from './httpServer';
import { parseServeArgs, SERVE_USAGE } from './parseServeArgs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

async function main(): Promise<void> {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2), process.env, homedir());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  if (args.help) {
    console.log(SERVE_USAGE);
    return;
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    consoleLog.warn(`No built UI in ${RENDERER_DIR}; run "npx electron-vite build". The API still works.`);
  }

  const exposed = args.hostExplicit && !isLoopbackHost(args.host);
  const allowedHosts =
    args.allowedHosts.length > 0 || !exposed
      ? args.allowedHosts
      : defaultAllowedHosts(args.host, hostname(), networkInterfaces());
  const core = await createCore({ dataDir: args.dataDir, env: process.env, mode: 'browser' });
  const accessToken = exposed && args.accessToken ? loadOrCreateAccessToken(args.dataDir) : undefined;
  const server = await startHttpServer({
    core,
    rendererDir: RENDERER_DIR,
    log: consoleLog,
    port: args.port,
    allowedHosts,
    ...(args.hostExplicit ? { host: args.host } : {}),
    ...(accessToken === undefined ? {} : { accessToken }),
  });
  if (exposed) {
    consoleLog.warn(
      `Listening on ${args.host}: ${
        accessToken === undefined ? 'anyone who can reach it' : 'anyone with the link below'
      } can read and change your catalogue. A reverse proxy with authentication is safer (see the README).`,
    );
  }
  if (accessToken !== undefined && allowedHosts.length > 0) {
    const first = allowedHosts[0]!;
    const where = /:\d+$/.test(first) ? first : `${first}:${new URL(server.url).port}`;
    console.log(`Open it from another machine with http://${where}/?token=${accessToken}`);
  }
  if (allowedHosts.length > 0) {
    consoleLog.info(`Answering to loopback and: ${allowedHosts.join(', ')} (change with --allowed-host)`);
  }
  // Tests and scripts wait for exactly this line.
  console.log(`Shoebox is serving ${server.url}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means "now": skip waiting for in-flight captions.
      consoleLog.warn(`${signal} again: exiting without a clean stop`);
      process.exit(130);
    }
    stopping = true;
    consoleLog.info(`${signal}: stopping (press Ctrl-C again to force)`);
    // Stop taking requests first, so none reaches a core whose database is closing.
    server
      .close()
      .then(() => core.stop())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        consoleLog.error('shutdown failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Shoebox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
