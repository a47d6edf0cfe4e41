// Starts the real `npm run serve` entry point (without the build step) as a child process, the way a user
// would, and waits until it says where it is listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertLoopbackProvider } from './loopbackOnly';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY = /Shoebox is serving (http:\/\/\S+)/;

export interface ServeProcess {
  url: string;
  /** The serve process (after any wrapper exec'd into it). */
  pid: number;
  /** SIGTERM (the core drains and closes its database), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string;
}

export interface ServeProcessOptions {
  dataDir: string;
  /** Added to process.env. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** A command that execs the rest (e.g. setpriv dropping capabilities), put before node. */
  wrapper?: string[];
  /** Node flags before the script; by default those `npm run serve` runs with. */
  nodeArgs?: string[];
}

/** The Node flags of `npm run serve` (package.json's serve:run), so tests measure the server users run. */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=1'];

/** Killed when the test process exits, so a test that dies mid-way (a timeout, a crash) leaves no server. */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

export function startServeProcess(options: ServeProcessOptions): Promise<ServeProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  assertLoopbackProvider({ ...process.env, ...options.env });
  const args = [
    ...(options.nodeArgs ?? SERVE_NODE_FLAGS),
    '--import',
    'tsx',
    'electron/server/cli.ts',
    '--data-dir',
    options.dataDir,
    '--port',
    '0',
  ];
  const [command, ...rest] = [...(options.wrapper ?? []), process.execPath, ...args];
  const child = spawn(command!, rest, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolveExit) => {
    child.once('exit', () => {
      exited = true;
      liveChildren.delete(child);
      resolveExit();
    });
  });

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(killer);
  };

  return new Promise<ServeProcess>((resolveStart, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${why}\n--- serve output ---\n${output}`)));
    };
    const timer = setTimeout(() => fail(`serve did not start within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = READY.exec(output);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolveStart({ url: match[1]!, pid: child.pid!, stop, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => fail(`serve could not be spawned: ${error.message}`));
    child.once('exit', (code, signal) => fail(`serve exited early (code ${code}, signal ${signal})`));
  });
}
