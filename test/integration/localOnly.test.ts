// A folder marked "never send to a cloud provider" is captioned only by a local server.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

const library = makeTempLibrary([]);
let cloud: FakeProvider | undefined;
let local: FakeProvider | undefined;
let core: Core | undefined;

afterAll(async () => {
  await core?.stop();
  await cloud?.close();
  await local?.close();
  library.remove();
});

it('keeps a local-only folder away from a cloud provider and captions it with a local server', async () => {
  copyFileSync(corpusPath('photos/food_fig-in-red-bowl.jpg'), join(library.photos, 'fig.jpg'));
  cloud = await startFakeProvider({ flavour: 'openrouter' });
  local = await startFakeProvider({ flavour: 'mistral' });

  core = await startCore(library.dataDir, envFor(cloud, 'openrouter'));
  await core.api['queue.pause']({});
  const folder = await core.api['folders.add']({ path: library.photos });
  expect((await core.api['folders.setLocalOnly']({ id: folder.id, localOnly: true })).localOnly).toBe(true);
  await approveAll(core);
  await core.api['queue.resume']({});
  const waiting = await waitFor('the photo to wait for a local server', async () => {
    const s = await core!.api['queue.status']({});
    return s.waitingForLocal === 1 ? s : undefined;
  });
  expect(waiting.running).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(cloud.requests).toHaveLength(0);
  await core.stop();

  // The same catalogue with a local OpenAI-compatible server (on 127.0.0.1) captions it.
  core = await startCore(library.dataDir, {
    SHOEBOX_PROVIDER: 'custom',
    SHOEBOX_BASE_URL: local.url,
    SHOEBOX_MODEL: 'pixtral-12b-latest',
  });
  expect((await waitUntilSettled(core)).done).toBe(1);
  expect(local.requests).toHaveLength(1);
  expect(cloud.requests).toHaveLength(0);
});
