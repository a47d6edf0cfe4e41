// The fake provider in a process of its own, as a real provider is: its JSON, image decoding and describing
// then cost the caller's event loop nothing, so a benchmark measures Shoebox and not the fake.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Flavour } from './flavours';

export interface FakeProviderProcess {
  url: string;
  close(): Promise<void>;
}

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

export async function spawnFakeProvider(options: {
  flavour: Flavour;
  latencyMs: number;
}): Promise<FakeProviderProcess> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      tsx,
      CLI,
      '--flavour',
      options.flavour,
      '--port',
      '0',
      '--latency',
      String(options.latencyMs),
    ],
    // The IPC channel closes when this process ends, however it ends: the fake then ends too (see cli.ts).
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the fake provider did not start in 60 s')), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fake provider exited (${String(code)}) before listening`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    url,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
