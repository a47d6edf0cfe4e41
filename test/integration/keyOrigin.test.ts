// A stored key belongs to the server it was entered for (issue 11, item 4): pointing a provider at another
// base URL must not send that server the key, on any route (captions, balance, connection test).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider, type Flavour } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import { approveAll, startCore, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

const KEY = 'sk-secret-belongs-to-the-first-server';
let library: TempLibrary | undefined;
let core: Core | undefined;
const providers: FakeProvider[] = [];

afterEach(async () => {
  await core?.stop();
  core = undefined;
  for (const provider of providers.splice(0)) await provider.close();
  library?.remove();
  library = undefined;
});

async function twoServers(flavour: Flavour): Promise<[FakeProvider, FakeProvider]> {
  const first = await startFakeProvider({ flavour });
  providers.push(first);
  const second = await startFakeProvider({ flavour });
  providers.push(second);
  return [first, second];
}

function sawKey(provider: FakeProvider): boolean {
  return provider.hits.some((hit) => hit.authorization?.includes(KEY) ?? false);
}

async function addPhoto(name: string): Promise<void> {
  copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), join(library!.photos, name));
  await core!.api['folders.add']({ path: library!.photos });
  await approveAll(core!);
}

it.each([
  ['openrouter', 'openrouter'],
  ['custom', 'mistral'],
] as const)(
  'a %s key entered for one server is never sent to another base URL',
  async (providerId, flavour) => {
    const [first, second] = await twoServers(flavour);
    library = makeTempLibrary([]);
    core = await startCore(library.dataDir, {});
    const model = providerId === 'custom' ? 'pixtral-12b-latest' : undefined;
    await core.api['settings.update']({
      provider: providerId,
      baseUrl: first.url,
      ...(model ? { model } : {}),
    });
    await core.api['settings.setKey']({ provider: providerId, key: KEY });
    await addPhoto('squirrel.jpg');
    expect((await waitUntilSettled(core)).done).toBe(1);
    expect(sawKey(first)).toBe(true);

    // Another server under the same provider: the key stays with the first one.
    const moved = await core.api['settings.update']({ baseUrl: second.url });
    expect(moved.hasKey).toBe(false);
    await core.api['spend.report']({});
    await core.api['photos.recaption']({ id: 1 });
    if (providerId === 'custom') {
      // A custom server may need no key: the photo goes without one.
      await waitFor('the recaption on the second server', async () =>
        second.requests.length > 0 ? true : undefined,
      );
    } else {
      const status = await waitFor('the queue to ask for a key', async () => {
        const current = await core!.api['queue.status']({});
        return current.blockedReason?.includes('belongs to') ? current : undefined;
      });
      expect(status.blockedReason).toContain(new URL(first.url).origin);
      expect(second.requests).toHaveLength(0);
    }
    expect(sawKey(second)).toBe(false);

    // Back to the first server: its key works again without being typed in.
    expect((await core.api['settings.update']({ baseUrl: first.url })).hasKey).toBe(true);
  },
  60_000,
);
