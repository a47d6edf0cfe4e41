// A folder's first scan queues its photos to wait for the user's yes to the estimate. Quit Shoebox before
// that scan ends and start it again: the rest of that scan must still wait for approval, not be captioned
// from the watched-folder allowance. What arrives once the scan has ended still may be.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { envFor, startCore, waitForCatalogued, waitUntilSettled } from '../support/coreHarness';
import { corpusPath } from '../support/corpus';
import { syntheticPhotos } from '../support/syntheticPhotos';
import { waitFor } from '../support/waitFor';

const PHOTOS = 120;

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
  it('still waits for approval after a restart; a photo arriving after it may use the allowance', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-first-scan-'));
    const root = join(dir, 'Photos');
    mkdirSync(root);
    const made = await syntheticPhotos(PHOTOS, 320);
    for (const name of readdirSync(made)) copyFileSync(join(made, name), join(root, name));
    provider = await startFakeProvider({ flavour: 'openrouter' });
    const env = envFor(provider, 'openrouter');
    const dataDir = join(dir, 'data');

    core = await startCore(dataDir, env);
    await core.api['folders.add']({ path: root });
    const cutAt = await waitFor('the first photos of the scan', async () => {
      const [folder] = await core!.api['folders.list']({});
      return folder!.state === 'scanning' && folder!.photoCount > 0 ? folder!.photoCount : undefined;
    });
    await core.stop(); // The user quits in the middle of the first scan.
    expect(cutAt).toBeLessThan(PHOTOS);
    core = await startCore(dataDir, env);
    await waitForCatalogued(core, PHOTOS);
    const afterRestart = await waitUntilSettled(core);
    expect(provider.billedCount()).toBe(0);
    expect(afterRestart.awaitingApproval).toBe(PHOTOS);

    // That scan has now ended; a photo copied in while Shoebox is closed is a watched folder's arrival.
    await core.stop();
    copyFileSync(corpusPath('photos/animal_sheep-grazing-in-field.jpg'), join(root, 'sheep.jpg'));
    core = await startCore(dataDir, env);
    await waitForCatalogued(core, PHOTOS + 1);
    const afterArrival = await waitUntilSettled(core);
    expect(provider.billedCount()).toBe(1);
    expect(afterArrival.awaitingApproval).toBe(PHOTOS);
  }, 180_000);
});
