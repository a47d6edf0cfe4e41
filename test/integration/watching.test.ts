// Watched folders over time: copies arriving, duplicates, deletions, and what changed while Shoebox was closed.
import { copyFileSync, mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import { envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

const BEE = 'photos/animal_honey-bee-on-aster_nikon-d50.jpg';
const CASTLE = 'photos/landmark_castle-of-maintenon_nikon-d3.jpg';
const FIG = 'photos/food_fig-in-red-bowl.jpg';

describe('watched folders', () => {
  let library: TempLibrary;
  let provider: FakeProvider;
  let core: Core;

  beforeAll(async () => {
    library = makeTempLibrary([]);
    provider = await startFakeProvider({ flavour: 'vercel' });
    core = await startCore(library.dataDir, envFor(provider, 'vercel'));
    await core.api['folders.add']({ path: library.photos });
    await waitUntilSettled(core);
  });

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    library?.remove();
  });

  async function findByText(text: string) {
    return (await core.api['photos.search']({ text })).items;
  }

  it('catalogues a photo copied in, captions it once, and treats a second copy as the same photo', async () => {
    copyFileSync(corpusPath(CASTLE), join(library.photos, 'castle.jpg'));
    await waitFor('the copied photo to be captioned', async () => {
      const [hit] = await findByText('castle');
      return hit?.status === 'done' ? hit : undefined;
    });
    mkdirSync(join(library.photos, 'Backup'));
    copyFileSync(corpusPath(CASTLE), join(library.photos, 'Backup', 'castle copy.jpg'));
    const detail = await waitFor('the second location', async () => {
      const [hit] = await findByText('castle');
      const photo = hit && (await core.api['photos.get']({ id: hit.id }));
      return photo && photo.locations.length === 2 ? photo : undefined;
    });
    await waitUntilSettled(core);
    expect(detail.locations.map((l) => l.path).sort()).toEqual(
      [join(library.photos, 'Backup', 'castle copy.jpg'), join(library.photos, 'castle.jpg')].sort(),
    );
    expect(provider.requests.filter((r) => r.status === 200)).toHaveLength(1);
    const [folder] = await core.api['folders.list']({});
    expect(folder?.photoCount).toBe(1);
  });

  it('drops a deleted photo from search once its last copy is gone', async () => {
    unlinkSync(join(library.photos, 'castle.jpg'));
    rmSync(join(library.photos, 'Backup'), { recursive: true });
    await waitFor('the photo to leave search', async () =>
      (await findByText('castle')).length === 0 ? true : undefined,
    );
  });

  it('ignores hidden folders and files that are not images', async () => {
    mkdirSync(join(library.photos, '.thumbnails'));
    copyFileSync(corpusPath(FIG), join(library.photos, '.thumbnails', 'fig.jpg'));
    copyFileSync(corpusPath(FIG), join(library.photos, 'fig.txt'));
    copyFileSync(corpusPath(BEE), join(library.photos, 'bee.jpg'));
    await waitFor('the bee', async () => ((await findByText('bee')).length === 1 ? true : undefined));
    await waitUntilSettled(core);
    expect(await findByText('fig')).toHaveLength(0);
    expect(await core.api['photos.unreadable']({})).toHaveLength(0);
  });

  it('catches up on what changed while Shoebox was closed', async () => {
    await core.stop();
    unlinkSync(join(library.photos, 'bee.jpg'));
    copyFileSync(corpusPath(FIG), join(library.photos, 'fig.jpg'));
    core = await startCore(library.dataDir, envFor(provider, 'vercel'));
    await waitUntilSettled(core);
    expect((await findByText('fig')).map((p) => p.fileName)).toEqual(['fig.jpg']);
    expect(await findByText('bee')).toHaveLength(0);
  });
});
