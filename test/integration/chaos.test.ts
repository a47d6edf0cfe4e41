// Chaos: a 300-photo run while the fake provider fails about 30% of calls with a mix of faults and the
// Shoebox process is killed (SIGKILL, no chance to clean up) at random moments five times.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Args, Method, Result } from '../../shared/contract';
import { ALL_FAULTS, startFakeProvider, type Fault, type FakeProvider } from '../fake-provider/server';
import { envFor } from '../support/coreHarness';
import { REPO_ROOT } from '../support/corpus';
import { syntheticPhotos } from '../support/syntheticPhotos';
import { waitFor } from '../support/waitFor';

const PHOTOS = 300;
const KILLS = 5;
const FAULTS: Fault[] = [...ALL_FAULTS, 'hang'];

interface Running {
  child: ChildProcess;
  url: string;
}

function startShoebox(dataDir: string, env: Record<string, string>): Promise<Running> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/server/cli.ts', '--data-dir', dataDir, '--port', '0'],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Shoebox did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Shoebox is serving (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.replace(/\/$/, '') });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Shoebox exited with ${code}:\n${output}`)));
  });
}

async function call<M extends Method>(running: Running, method: M, args: Args<M>): Promise<Result<M>> {
  const response = await fetch(`${running.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  if (!response.ok) throw new Error(`${method}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Result<M>;
}

function killHard(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGKILL');
  });
}

describe('chaos: faults and crashes during a 300-photo run', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-chaos-'));
  let provider: FakeProvider;
  let running: Running | undefined;

  afterAll(async () => {
    if (running) await killHard(running);
    await provider?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('ends with every photo captioned or failed with a reason, a ledger that matches the bill, and no cap passed', async () => {
    const photos = await syntheticPhotos(PHOTOS, 480);
    provider = await startFakeProvider({ flavour: 'openrouter', latencyMs: 40 });
    provider.setFaultRate(0.3, FAULTS, 7);
    const dataDir = join(scratch, 'data');
    const env = {
      ...envFor(provider, 'openrouter'),
      SHOEBOX_REQUEST_TIMEOUT_MS: '2000',
      SHOEBOX_RETRY_BASE_MS: '50',
    };

    running = await startShoebox(dataDir, env);
    await call(running, 'settings.update', { concurrency: 16 });
    const capUsd = 0.2;
    await call(running, 'spend.updateSettings', { dailyUsd: capUsd });
    await call(running, 'folders.add', { path: photos });
    await waitFor(
      'the scan',
      async () => (await call(running!, 'folders.list', {}))[0]?.state === 'watching' || undefined,
      {
        timeoutMs: 120_000,
      },
    );
    await call(running, 'queue.approve', {});

    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 800 + random() * 2500));
      await killHard(running);
      running = await startShoebox(dataDir, env);
    }

    const status = await waitFor(
      'the run to finish',
      async () => {
        const s = await call(running!, 'queue.status', {});
        return s.queued === 0 && s.running === 0 ? s : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 250 },
    );
    expect(status.done + status.failed + status.refused).toBe(PHOTOS);

    const db = new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
    try {
      const unexplained = db
        .prepare(
          `SELECT count(*) AS n FROM photos WHERE caption_status NOT IN ('done', 'failed', 'refused')
             OR (caption_status IN ('failed', 'refused') AND coalesce(caption_error, '') = '')`,
        )
        .get() as { n: number };
      expect(unexplained.n).toBe(0);

      const ledger = db
        .prepare(
          `SELECT coalesce(sum(billed), 0) AS billed, sum(state = 'interrupted') AS interrupted,
                  sum(state = 'in-flight') AS inFlight FROM ledger`,
        )
        .get() as { billed: number; interrupted: number; inFlight: number };
      // A call cut off by SIGKILL after the provider replied cannot be known to the ledger; it stays counted
      // at its reservation, so the bill can exceed the ledger's billed count by at most those calls.
      const billedByProvider = provider.billedCount();
      console.log(
        `chaos: ${status.done} captioned, ${status.failed} failed, ${status.refused} refused; ` +
          `provider billed ${billedByProvider} calls, ledger billed ${ledger.billed}, interrupted ${ledger.interrupted}`,
      );
      expect(billedByProvider - ledger.billed).toBeGreaterThanOrEqual(0);
      expect(billedByProvider - ledger.billed).toBeLessThanOrEqual(ledger.interrupted);

      const spent = db
        .prepare(
          `SELECT sum(CASE WHEN state = 'settled' THEN cost ELSE reserved_cost END) AS committed FROM ledger`,
        )
        .get() as { committed: number };
      expect(spent.committed).toBeLessThanOrEqual(capUsd);

      const resent = db
        .prepare(
          `SELECT photo_id, count(*) AS n FROM ledger WHERE outcome = 'captioned' GROUP BY photo_id HAVING n > 1`,
        )
        .all();
      expect(resent).toEqual([]);
    } finally {
      db.close();
    }
  }, 480_000);
});
