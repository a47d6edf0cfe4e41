// The catalogue's own vocabulary reaches the model: tags the owner accepted are offered as preferred words
// in the next photos' prompts (the real core, the real HTTP fake provider).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/coreInterface';
import { silentLog } from '../../electron/core/log';
import { PREFERRED_WORDS_TTL_MS } from '../../electron/core/review/preferredWords';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { approveAll, envFor, waitUntilSettled } from '../support/coreHarness';
import { corpusPath } from '../support/corpus';

describe('preferred words', () => {
  let root: string;
  let provider: FakeProvider;
  let core: Core | undefined;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };

  async function captionFolder(name: string, photo: string): Promise<void> {
    const folder = join(root, name);
    mkdirSync(folder);
    copyFileSync(corpusPath(photo), join(folder, `${name}.jpg`));
    await core!.api['folders.add']({ path: folder });
    await approveAll(core!);
    await waitUntilSettled(core!);
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shoebox-preferred-it-'));
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await createCore({
      dataDir: join(root, 'data'),
      env: envFor(provider, 'openrouter'),
      mode: 'browser',
      log: silentLog,
      writeFinishMs: 150,
      clock,
      systemLocale: 'en-GB',
    });
  }, 60_000);

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('offers the tags the owner accepted to the model for the next photos', async () => {
    await captionFolder('first', 'photos/animal_starfish-in-crate_lumia820_gps.jpg');
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.text).toContain('Write the caption and the tags in British English (en-GB)');
    expect(provider.requests[0]!.text).not.toContain('already tags photos');

    const [first] = (await core!.api['photos.search']({ text: '' })).items;
    await core!.api['review.acceptAll']({ photoId: first!.id });
    await core!.api['review.addTag']({ photoId: first!.id, tag: 'Seaside holiday' });
    const accepted = (await core!.api['photos.get']({ id: first!.id }))!.tags;
    expect(accepted.length).toBeGreaterThan(3);

    clock.offset += PREFERRED_WORDS_TTL_MS;
    await captionFolder('second', 'exif/makernote_canon.jpg');
    const prompt = provider.requests.at(-1)!.text ?? '';
    expect(prompt).toContain('The owner already tags photos with these words');
    for (const tag of accepted) expect(prompt).toContain(JSON.stringify(tag));
  });
});
