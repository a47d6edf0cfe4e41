// Captions in the user's language, end to end without a window: the setting reaches the prompt, the real HTTP
// fake provider answers in that language, and search, the vocabulary, review and export keep the words
// intact (accents, CJK, Cyrillic).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { corpusPath } from '../support/corpus';

const PHOTOS: Record<string, string> = {
  fr: 'photos/animal_starfish-in-crate_lumia820_gps.jpg',
  ja: 'exif/makernote_canon.jpg',
  ru: 'exif/makernote_nikon.jpg',
};

describe('captions in the user’s language', () => {
  let root: string;
  let provider: FakeProvider;
  let core: Core | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shoebox-language-it-'));
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(join(root, 'data'), envFor(provider, 'openrouter'));
    // Two of these files are ExifTool's same 8 × 8 placeholder: grouped as near-copies, one would take the
    // other's caption instead of one in its own language.
    await core.api['settings.update']({ groupBursts: false });
    // One folder per language, each captioned while that language is the setting.
    for (const [language, photo] of Object.entries(PHOTOS)) {
      const folder = join(root, language);
      mkdirSync(folder);
      copyFileSync(corpusPath(photo), join(folder, `${language}.jpg`));
      await core.api['settings.update']({ captionLanguage: language });
      await core.api['folders.add']({ path: folder });
      await approveAll(core);
      await waitUntilSettled(core);
    }
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function idsFor(text: string): Promise<string[]> {
    const page = await core!.api['photos.search']({ text });
    return page.items.map((item) => item.fileName).sort();
  }

  it('asks for each language in the prompt, and the fake answers in it', async () => {
    const asked = provider.requests.map((request) => /in ([^(]+) \((\w+)\)/.exec(request.text ?? '')?.[2]);
    expect(asked).toEqual(['fr', 'ja', 'ru']);
    const captions = await Promise.all(
      (await core!.api['photos.search']({ text: '' })).items.map(async (item) => [
        item.fileName,
        (await core!.api['photos.get']({ id: item.id }))?.caption,
      ]),
    );
    expect(Object.fromEntries(captions)).toEqual({
      'fr.jpg': 'Un café en terrasse près de la cathédrale, un matin d’été.',
      'ja.jpg': '公園の桜の木の下で犬が遊んでいる。',
      'ru.jpg': 'Собака играет на снегу у деревянного дома.',
    });
  });

  it('finds accented words with or without their accents', async () => {
    expect(await idsFor('café')).toEqual(['fr.jpg']);
    expect(await idsFor('cafe')).toEqual(['fr.jpg']);
    expect(await idsFor('CATHEDRALE ete')).toEqual(['fr.jpg']);
  });

  it('finds Cyrillic words in any case, whole or as a prefix', async () => {
    expect(await idsFor('собака')).toEqual(['ru.jpg']);
    expect(await idsFor('СОБАКА')).toEqual(['ru.jpg']);
    expect(await idsFor('деревянн')).toEqual(['ru.jpg']);
  });

  it('finds CJK tags (each tag is a token of its own)', async () => {
    expect(await idsFor('犬')).toEqual(['ja.jpg']);
    expect(await idsFor('桜 公園')).toEqual(['ja.jpg']);
    // The caption itself is one unbroken run of CJK to unicode61: a search finds it from its first word.
    expect(await idsFor('公園の')).toEqual(['ja.jpg']);
  });

  it('lists the words in the vocabulary and reviews them as they are', async () => {
    const vocabulary = await core!.api['vocabulary.list']({});
    const tags = vocabulary.tags.map((entry) => entry.tag);
    expect(tags).toEqual(
      expect.arrayContaining(['café', 'cathédrale', 'été', '桜', '犬', 'собака', 'деревянный дом']),
    );
    const [ru] = (await core!.api['photos.search']({ text: 'собака' })).items;
    await core!.api['review.setTag']({ photoId: ru!.id, tag: 'собака', state: 'accepted' });
    // photo_tags compares tags with SQLite's NOCASE, which folds ASCII only: the exact word finds it.
    const byTag = await core!.api['review.byTag']({ tag: 'собака' });
    expect(byTag.items.map((item) => item.fileName)).toEqual(['ru.jpg']);
    // A rename is a rule like any other, in any script.
    await core!.api['vocabulary.rename']({ from: 'снег', to: 'сугроб' });
    await core!.api['vocabulary.rename']({ from: '花見', to: 'お花見' });
    const renamed = (await core!.api['vocabulary.list']({})).tags.map((entry) => entry.tag);
    expect(renamed).toEqual(expect.arrayContaining(['сугроб', 'お花見']));
    expect(renamed).not.toContain('снег');
    expect(await idsFor('сугроб')).toEqual(['ru.jpg']);
    expect(await idsFor('お花見')).toEqual(['ja.jpg']);
  });

  it('exports the words intact to CSV and JSON', async () => {
    const json = await core!.api['export.table']({ scope: {}, content: 'suggestions', format: 'json' });
    const parsed = JSON.parse(json.content) as {
      photos: Array<{ path: string; tags: Array<{ tag: string }> }>;
    };
    const tagsOf = (name: string) =>
      parsed.photos.find((photo) => photo.path.endsWith(name))!.tags.map((tag) => tag.tag);
    expect(tagsOf('fr.jpg')).toEqual(['café', 'cathédrale', 'été', 'terrasse', 'rue pavée']);
    expect(tagsOf('ja.jpg')).toEqual(['桜', '犬', '公園', '春', 'お花見']);
    expect(tagsOf('ru.jpg')).toEqual(expect.arrayContaining(['собака', 'сугроб', 'деревянный дом']));
    const csv = await core!.api['export.table']({ scope: {}, content: 'suggestions', format: 'csv' });
    expect(csv.content).toContain('公園の桜の木の下で犬が遊んでいる。');
    expect(csv.content).toContain('Собака играет на снегу у деревянного дома.');
    expect(csv.content).toContain('cathédrale');
  });
});
