// Defect found by the adversarial pass, in electron/core/library (not fixed here: another engineer owns it).
// A folder's first scan queues its photos to wait for the user's yes to the estimate. Quit Shoebox (or kill
// it) before that scan ends, start it again, and library start() rescans every folder with origin 'watch'
// ("what arrived while Shoebox was closed"): the rest of the first scan is captioned from the daily
// auto-allowance without anyone approving it. `it.fails` until the library marks first scans that never
// finished; turn it into `it` then.
import { mkdirSync, mkdtempSync, readdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { CORPUS_DIR } from '../support/corpus';
import { envFor, startCore, waitForCatalogued, waitUntilSettled } from '../support/coreHarness';
import { waitFor } from '../support/waitFor';

let dir: string | undefined;
let core: Core | undefined;
let provider: FakeProvider | undefined;
afterEach(async () => {
  await core?.stop();
  await provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  core = provider = dir = undefined;
});

describe('a first scan cut short', () => {
  it.fails(
    'still waits for approval after a restart, and sends nothing',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'shoebox-first-scan-'));
      const root = join(dir, 'Photos');
      mkdirSync(root);
      const photos = readdirSync(join(CORPUS_DIR, 'photos')).filter((name) => name.endsWith('.jpg'));
      for (const name of photos) copyFileSync(join(CORPUS_DIR, 'photos', name), join(root, name));
      provider = await startFakeProvider({ flavour: 'openrouter' });
      const env = envFor(provider, 'openrouter');
      const dataDir = join(dir, 'data');

      core = await startCore(dataDir, env);
      await core.api['folders.add']({ path: root });
      await waitFor('the first photos of the scan', async () => {
        const [folder] = await core!.api['folders.list']({});
        return folder!.state === 'scanning' && folder!.photoCount > 0;
      });
      await core.stop(); // The user quits in the middle of the first scan.
      core = await startCore(dataDir, env);
      await waitForCatalogued(core, photos.length);
      const status = await waitUntilSettled(core);

      expect(provider.billedCount()).toBe(0);
      expect(status.awaitingApproval).toBe(photos.length);
    },
    180_000,
  );
});
