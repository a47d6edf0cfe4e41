import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/coreInterface';
import { silentLog } from '../../electron/core/log';
import type { QueueStatus } from '../../shared/types';
import type { FakeProvider } from '../fake-provider/server';
import { waitFor } from './waitFor';
import { assertLoopbackProvider } from './loopbackOnly';

/** The environment that points Shoebox at a fake provider of the given flavour. */
export function envFor(
  provider: FakeProvider,
  flavour: 'openrouter' | 'vercel' | 'mistral',
): Record<string, string> {
  const keyVar = {
    openrouter: 'OPENROUTER_API_KEY',
    vercel: 'AI_GATEWAY_API_KEY',
    mistral: 'MISTRAL_API_KEY',
  }[flavour];
  const env = { SHOEBOX_PROVIDER: flavour, SHOEBOX_BASE_URL: provider.url, [keyVar]: 'test-key' };
  assertLoopbackProvider(env);
  return env;
}

export async function startCore(dataDir: string, env: Record<string, string>): Promise<Core> {
  assertLoopbackProvider(env);
  return createCore({ dataDir, env, mode: 'browser', log: silentLog, writeFinishMs: 150 });
}

/** Resolves once every folder has finished scanning and the caption queue has nothing left to send. */
export async function waitUntilSettled(core: Core, timeoutMs = 60_000): Promise<QueueStatus> {
  return waitFor(
    'scans and caption queue to settle',
    async () => {
      const folders = await core.api['folders.list']({});
      if (folders.some((f) => f.state === 'scanning')) return undefined;
      const status = await core.api['queue.status']({});
      return status.queued === 0 && status.running === 0 ? status : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** Resolves once the (first) folder is scanned and holds `count` photos. */
export async function waitForCatalogued(core: Core, count: number, timeoutMs = 3_600_000): Promise<void> {
  await waitFor(
    `${count} photos to be catalogued`,
    async () => {
      const [folder] = await core.api['folders.list']({});
      return folder && folder.state !== 'scanning' && folder.photoCount === count ? folder : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** Says yes to the estimate for every photo waiting for approval, as the user would in the dialog. */
export async function approveAll(core: Core): Promise<void> {
  await waitFor(
    'the scans to finish',
    async () => (await core.api['folders.list']({})).every((f) => f.state !== 'scanning') || undefined,
  );
  await core.api['queue.approve']({});
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
