// `npm run serve -- --data-dir DIR --port N --host H`, with SHOEBOX_* environment fallbacks. Pure, so the
// precedence rules (flag > environment > default) are tested without starting anything.
import { join } from 'node:path';
import { parseHostEntry } from './hostPolicy';

export interface ServeArgs {
  dataDir: string;
  port: number;
  host: string;
  /** True when --host or SHOEBOX_HOST chose the interface. */
  hostExplicit: boolean;
  /**
   * Names browsers may use besides loopback (--allowed-host, repeatable or comma-separated, or
   * SHOEBOX_ALLOWED_HOSTS). Empty means "not given": a non-loopback --host then allows the machine's
   * hostname and the bound address (see allowedHosts.ts).
   */
  allowedHosts: string[];
  /** False with --no-access-token: other machines then need no token (only behind an authenticating proxy). */
  accessToken: boolean;
  help: boolean;
}

export const DEFAULT_PORT = 4310;
export const DEFAULT_HOST = '127.0.0.1';

export const SERVE_USAGE = `Usage: npm run serve -- [--data-dir DIR] [--port N] [--host H] [--allowed-host NAME]... [--no-access-token]

  --data-dir DIR  catalogue, thumbnails and keys (env SHOEBOX_DATA_DIR;
                  default $XDG_DATA_HOME/shoebox or ~/.local/share/shoebox)
  --port N        port to listen on, 0 for any free port (env SHOEBOX_PORT; default ${DEFAULT_PORT})
  --host H        interface to bind (env SHOEBOX_HOST; default ${DEFAULT_HOST}).
                  Anything but loopback exposes your catalogue to the network.
  --allowed-host NAME  a name browsers may use to reach it, e.g. nas.local or nas.local:8443
                  (repeat, or comma-separate; env SHOEBOX_ALLOWED_HOSTS). Requests naming any other
                  host are refused. Default with --host: this machine's hostname and the bound address.
  --no-access-token  with --host, let other machines in without the token in the startup link
                  (only behind a reverse proxy that authenticates them).`;

export function defaultDataDir(env: Record<string, string | undefined>, home: string): string {
  const xdg = env.XDG_DATA_HOME;
  return xdg && xdg.trim() !== '' ? join(xdg, 'shoebox') : join(home, '.local', 'share', 'shoebox');
}

/** Throws an Error with a message for the user (and the usage text) on a bad flag or value. */
export function parseServeArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  home: string,
): ServeArgs {
  const flags = new Map<string, string>();
  const allowedHostFlags: string[] = [];
  let help = false;
  let accessToken = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--no-access-token') {
      accessToken = false;
      continue;
    }
    const match = /^--(data-dir|port|host|allowed-host)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument: ${arg}\n\n${SERVE_USAGE}`);
    const name = match[1]!;
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') throw new Error(`--${name} needs a value\n\n${SERVE_USAGE}`);
    if (name === 'allowed-host') allowedHostFlags.push(value);
    else flags.set(name, value);
  }

  const pick = (flag: string, envName: string): string | undefined => {
    const fromFlag = flags.get(flag);
    if (fromFlag !== undefined) return fromFlag;
    const fromEnv = env[envName];
    return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : undefined;
  };

  const portText = pick('port', 'SHOEBOX_PORT');
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) {
      throw new Error(`Port must be a whole number from 0 to 65535, got "${portText}"`);
    }
  }
  const host = pick('host', 'SHOEBOX_HOST');
  const allowedHostsText =
    allowedHostFlags.length > 0 ? allowedHostFlags.join(',') : (env.SHOEBOX_ALLOWED_HOSTS ?? '');
  const allowedHosts = allowedHostsText
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of allowedHosts) parseHostEntry(name);
  return {
    dataDir: pick('data-dir', 'SHOEBOX_DATA_DIR') ?? defaultDataDir(env, home),
    port,
    host: host ?? DEFAULT_HOST,
    hostExplicit: host !== undefined,
    allowedHosts,
    accessToken,
    help,
  };
}
