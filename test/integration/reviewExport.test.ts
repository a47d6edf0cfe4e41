// Import, review and export through the real core: a real SQLite file, the fake provider over HTTP, real files,
// and Debian's exiftool as the judge of every file Shoebox writes.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { newSidecar } from '../../electron/core/export/xmpSidecar';
import type { PhotoDetail } from '../../shared/types';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import {
  approveAll,
  envFor,
  sha256File,
  startCore,
  waitForCatalogued,
  waitUntilSettled,
} from '../support/coreHarness';
import { makeTempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';
import { runExiftool } from '../support/exiftool';

const library = makeTempLibrary([]);
let provider: FakeProvider;
let core: Core;
const ids = new Map<string, number>();

const SIDECAR_CAPTION = 'Lemon and lime — zesty, "fresh" & cold, Straße 日本語 🍋';
const SIDECAR_TAGS = ['citrus', 'lemon, lime', 'say "cheese"'];
const USER_CAPTION = 'A fig in a red bowl — café, "quoted", Straße 日本語 🍋';
const USER_TAGS = ['café, crème', 'quote "this"', '日本語', '🍋'];

function exiftool(file: string): Record<string, unknown> {
  const out = runExiftool(['-j', '-charset', 'UTF8', '-XMP-dc:Description', '-XMP-dc:Subject', file]);
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!;
}
const list = (value: unknown) =>
  (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]).sort();
const photo = async (name: string): Promise<PhotoDetail> =>
  (await core.api['photos.get']({ id: ids.get(name)! }))!;
const wanted = (p: PhotoDetail, content: 'accepted' | 'suggestions') =>
  p.tagEntries
    .filter((t) => t.state !== 'rejected' && (content === 'suggestions' || t.state !== 'suggested'))
    .map((t) => t.tag)
    .sort();
const originals = () =>
  Object.fromEntries(
    readdirSync(library.photos)
      .filter((f) => f.endsWith('.jpg'))
      .map((f) => [f, sha256File(join(library.photos, f))]),
  );

beforeAll(async () => {
  copyFileSync(corpusPath('exif/metadata_xmp.jpg'), join(library.photos, 'xmp.jpg'));
  copyFileSync(corpusPath('exif/metadata_iptc.jpg'), join(library.photos, 'iptc.jpg'));
  copyFileSync(corpusPath('photos/food_citrus-fruit-slices.jpg'), join(library.photos, 'citrus.jpg'));
  writeFileSync(
    join(library.photos, 'citrus.jpg.xmp'),
    newSidecar({ caption: SIDECAR_CAPTION, tags: SIDECAR_TAGS }),
  );
  copyFileSync(corpusPath('photos/food_fig-in-red-bowl.jpg'), join(library.photos, 'fig.jpg'));
  provider = await startFakeProvider({ flavour: 'openrouter' });
  core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
  // xmp.jpg and iptc.jpg are ExifTool's same 8×8 placeholder: grouped, one would take the other's caption.
  await core.api['settings.update']({ groupBursts: false });
  await core.api['folders.add']({ path: library.photos });
  await approveAll(core);
  await waitUntilSettled(core);
  for (const item of (await core.api['photos.search']({ text: '' })).items) ids.set(item.fileName, item.id);
}, 120_000);

afterAll(async () => {
  await core?.stop();
  await provider?.close();
  library.remove();
});

describe('import on scan', () => {
  it('shows the keywords already in metadata_xmp.jpg and metadata_iptc.jpg as the user’s', async () => {
    expect([...ids.keys()].sort()).toEqual(['citrus.jpg', 'fig.jpg', 'iptc.jpg', 'xmp.jpg']);
    for (const [name, keywords, source] of [
      ['xmp.jpg', ['ExifTool', 'Test', 'XMP'], 'XMP'],
      ['iptc.jpg', ['ExifTool', 'Test', 'IPTC'], 'IPTC'],
      ['citrus.jpg', SIDECAR_TAGS, 'XMP sidecar'],
    ] as const) {
      const p = await photo(name);
      const imported = p.tagEntries.filter((t) => t.origin === 'import');
      expect(imported.map((t) => t.tag)).toEqual(keywords);
      expect(imported.every((t) => t.state === 'user' && t.detail === source)).toBe(true);
      // The model was asked too, and its words arrived beside the user's, never over them.
      expect(p.status).toBe('done');
      expect(p.tagEntries.some((t) => t.origin === 'model' && t.state === 'suggested')).toBe(true);
      expect(p.captionEntry).toMatchObject({ state: 'user', origin: 'import', detail: source });
      expect(p.captionSuggestion).not.toBeNull();
    }
    expect((await photo('iptc.jpg')).caption).toBe('A witty caption');
    expect((await photo('citrus.jpg')).caption).toBe(SIDECAR_CAPTION);
    const found = await core.api['photos.search']({ text: 'exiftool' });
    expect(found.items.map((i) => i.fileName).sort()).toEqual(['iptc.jpg', 'xmp.jpg']);
  });

  it('a re-caption on demand keeps the user’s words', async () => {
    const before = await photo('iptc.jpg');
    await core.api['photos.recaption']({ id: before.id });
    await waitUntilSettled(core);
    const after = await photo('iptc.jpg');
    expect(after.caption).toBe('A witty caption');
    expect(after.tagEntries.filter((t) => t.state === 'user')).toEqual(
      before.tagEntries.filter((t) => t.state === 'user'),
    );
  });
  it('a rescan reads again what photos say about themselves: new words join, the user’s stay', async () => {
    const fig = await photo('fig.jpg');
    expect(fig.captionEntry?.state).toBe('suggested');
    const iptc = await photo('iptc.jpg');
    // Written while Shoebox is closed, so only the rescan can find them.
    await core.stop();
    writeFileSync(
      join(library.photos, 'fig.jpg.xmp'),
      newSidecar({ caption: 'Figs from Mum’s garden', tags: ['Mum’s garden', fig.tags[0]!] }),
    );
    writeFileSync(
      join(library.photos, 'iptc.jpg.xmp'),
      newSidecar({ caption: 'Not this one', tags: ['later'] }),
    );
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    await waitUntilSettled(core);
    expect((await photo('fig.jpg')).tags).not.toContain('Mum’s garden');
    await core.api['folders.rescan']({ id: (await core.api['folders.list']({}))[0]!.id });
    await waitFor('the sidecars to be read again', async () => {
      const [f, i] = [await photo('fig.jpg'), await photo('iptc.jpg')];
      return f.tags.includes('Mum’s garden') && i.tags.includes('later') ? true : undefined;
    });
    const after = await photo('fig.jpg');
    expect(after.captionEntry).toMatchObject({
      text: 'Figs from Mum’s garden',
      state: 'user',
      detail: 'XMP sidecar',
    });
    expect(after.captionSuggestion).toBe(fig.caption);
    // A tag the photo already had keeps its state.
    expect(after.tagEntries.find((t) => t.tag === fig.tags[0])?.state).toBe('suggested');
    // The user's caption stays; a new keyword joins.
    expect((await photo('iptc.jpg')).caption).toBe(iptc.caption);
    await waitUntilSettled(core);
  });

  it('a sidecar another tool writes while Shoebox watches is read at once, as the user’s', async () => {
    writeFileSync(
      join(library.photos, 'xmp.xmp'),
      newSidecar({ caption: null, tags: ['Saved in Lightroom', 'ExifTool'] }),
    );
    const after = await waitFor('the watched sidecar to be read', async () => {
      const p = await photo('xmp.jpg');
      return p.tags.includes('Saved in Lightroom') ? p : undefined;
    });
    expect(after.tagEntries.find((t) => t.tag === 'Saved in Lightroom')).toMatchObject({
      state: 'user',
      origin: 'import',
      detail: 'XMP sidecar',
    });
    expect(after.tagEntries.filter((t) => t.tag === 'ExifTool')).toHaveLength(1);
    expect((await photo('fig.jpg')).tags).not.toContain('Saved in Lightroom');
  });

  it('sends the owner’s words with the photo only when asked to', async () => {
    const iptc = await photo('iptc.jpg');
    expect(provider.requests.every((r) => !r.text?.includes('A witty caption'))).toBe(true);
    await core.api['settings.update']({ promptWithExisting: true });
    await core.api['photos.recaption']({ id: iptc.id });
    await waitUntilSettled(core);
    const last = provider.requests.at(-1)!;
    expect(last.text).toContain('The owner already described this photo: their caption is "A witty caption"');
    expect(last.text).toMatch(/their keywords are \[.*"ExifTool".*"IPTC".*\]/);
    await core.api['settings.update']({ promptWithExisting: false });
  });
});

describe('export', () => {
  beforeAll(async () => {
    const fig = await photo('fig.jpg');
    await core.api['review.editCaption']({ photoId: fig.id, caption: USER_CAPTION });
    for (const tag of USER_TAGS) await core.api['review.addTag']({ photoId: fig.id, tag });
    const [first, second] = fig.tagEntries;
    await core.api['review.setTag']({ photoId: fig.id, tag: first!.tag, state: 'accepted' });
    await core.api['review.setTag']({ photoId: fig.id, tag: second!.tag, state: 'rejected' });
  });

  for (const [naming, content] of [
    ['digikam', 'accepted'],
    ['lightroom', 'suggestions'],
  ] as const) {
    it(`writes ${naming} sidecars (${content}) that exiftool reads as Shoebox holds them, originals untouched`, async () => {
      const sidecarOf = (name: string) =>
        join(library.photos, naming === 'digikam' ? `${name}.xmp` : name.replace(/\.jpg$/, '.xmp'));
      const earlier = new Map(
        [...ids.keys()].map((name) => {
          const path = sidecarOf(name);
          return [name, existsSync(path) ? list(exiftool(path).Subject) : []];
        }),
      );
      const before = originals();
      const outcome = await core.api['export.sidecars']({ scope: {}, content, naming });
      expect(outcome.failed).toEqual([]);
      expect(outcome.written).toBe(4);
      expect(originals()).toEqual(before);
      for (const name of ids.keys()) {
        const p = await photo(name);
        const read = exiftool(sidecarOf(name));
        expect(read.Description).toBe(p.caption);
        // An existing sidecar is merged: its own keywords stay beside ours.
        const expected = [...new Set([...wanted(p, content), ...earlier.get(name)!])];
        expect(list(read.Subject)).toEqual(expected.sort());
      }
      if (naming === 'digikam') expect(earlier.get('citrus.jpg')).toEqual([...SIDECAR_TAGS].sort());
      const fig = exiftool(join(library.photos, naming === 'digikam' ? 'fig.jpg.xmp' : 'fig.xmp'));
      expect(fig.Description).toBe(USER_CAPTION);
      expect(list(fig.Subject)).toEqual(expect.arrayContaining(USER_TAGS));
    });
  }

  it('CSV and JSON carry path, hash, caption, tags with state, provenance and cost', async () => {
    const json = await core.api['export.table']({ scope: {}, content: 'suggestions', format: 'json' });
    const parsed = JSON.parse(json.content) as { count: number; photos: Array<Record<string, unknown>> };
    expect(parsed.count).toBe(4);
    const fig = parsed.photos.find((p) => String(p.path).endsWith('fig.jpg'))!;
    expect(fig).toMatchObject({
      hash: (await photo('fig.jpg')).hash,
      caption: { text: USER_CAPTION, state: 'user' },
    });
    expect(fig.tags).toEqual(
      expect.arrayContaining([expect.objectContaining({ tag: '🍋', state: 'user', origin: 'user' })]),
    );
    expect(Number(fig.costUsd)).toBeGreaterThan(0);
    const csv = await core.api['export.table']({
      scope: { search: { text: 'fig' } },
      content: 'accepted',
      format: 'csv',
    });
    expect(csv.photos).toBe(1);
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toContain('path,other_paths,hash,caption,caption_state');
    expect(lines[1]).toContain('"A fig in a red bowl — café, ""quoted"", Straße 日本語 🍋",user');
    expect(lines[1]).toContain('café, crème=user');
  });

  it('embedded export writes into the originals after a backup; the catalogue follows without a new caption', async () => {
    const before = originals();
    const jobsBefore = provider.requests.length;
    const outcome = await core.api['export.embedded']({
      scope: {},
      content: 'accepted',
      backup: true,
      confirmed: true,
    });
    expect(outcome.failed).toEqual([]);
    expect(outcome.written).toBe(4);
    expect(outcome.backupDir).not.toBeNull();
    for (const name of ids.keys()) {
      const p = await photo(name);
      const read = exiftool(join(library.photos, name));
      expect(read.Description).toBe(p.caption);
      expect(list(read.Subject)).toEqual(wanted(p, 'accepted'));
      expect(sha256File(join(outcome.backupDir!, name))).toBe(before[name]);
      expect(existsSync(join(library.photos, `${name}_original`))).toBe(false);
    }
    // The watcher sees four changed files, finds them known, and nothing is captioned (or billed) again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await waitUntilSettled(core);
    const page = await core.api['photos.search']({ text: '' });
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.id).sort()).toEqual([...ids.values()].sort());
    expect(provider.requests.length).toBe(jobsBefore);
    // What the photo cost stays with it although its bytes, and so its hash, changed.
    const json = await core.api['export.table']({ scope: {}, content: 'accepted', format: 'json' });
    const costs = (JSON.parse(json.content) as { photos: Array<{ costUsd: number }> }).photos.map(
      (p) => p.costUsd,
    );
    expect(costs.every((cost) => cost > 0)).toBe(true);
  });

  it('embedded export needs an explicit confirmation', async () => {
    await expect(
      // @ts-expect-error: confirmed must be the literal true
      core.api['export.embedded']({ scope: {}, content: 'accepted', backup: true, confirmed: false }),
    ).rejects.toThrow();
  });
});

describe('Shoebox’s own suggestions, read back', () => {
  it('an exported suggestion found again in a sidecar stays Shoebox’s, and a new export takes it back', async () => {
    copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), join(library.photos, 'squirrel.jpg'));
    const first = await waitFor('the new photo to be captioned', async () => {
      const item = (await core.api['photos.search']({ text: '' })).items.find(
        (i) => i.fileName === 'squirrel.jpg',
      );
      const p = item && (await core.api['photos.get']({ id: item.id }));
      return p?.status === 'done' ? p : undefined;
    });
    expect(first.captionEntry?.state).toBe('suggested');
    const sidecar = join(library.photos, 'squirrel.jpg.xmp');
    await core.api['export.sidecars']({ scope: {}, content: 'suggestions', naming: 'digikam' });
    expect(exiftool(sidecar).Description).toBe(first.caption);

    // Asked again, the model words it differently: its first words now live only in the sidecar.
    const retake = { caption: 'A different take on the squirrel.', tags: ['rodent', 'woodland'] };
    provider.answerNext(retake);
    await core.api['photos.recaption']({ id: first.id });
    await waitUntilSettled(core);
    // Another program adds a keyword to that sidecar while Shoebox watches.
    runExiftool(['-q', '-overwrite_original', '-XMP-dc:Subject+=Holiday 2026', sidecar]);
    const after = await waitFor('the edited sidecar to be read', async () => {
      const p = await core.api['photos.get']({ id: first.id });
      return p?.tags.includes('Holiday 2026') ? p : undefined;
    });
    expect(after.captionEntry).toMatchObject({ text: retake.caption, state: 'suggested', origin: 'model' });
    const byState = (state: string) =>
      after.tagEntries
        .filter((t) => t.state === state)
        .map((t) => t.tag)
        .sort();
    expect(byState('user')).toEqual(['Holiday 2026']);
    expect(byState('suggested')).toEqual(retake.tags);

    // Exported again, the sidecar holds what Shoebox holds now, and still the other program's keyword.
    await core.api['review.setTag']({ photoId: first.id, tag: 'woodland', state: 'rejected' });
    await core.api['export.sidecars']({ scope: {}, content: 'suggestions', naming: 'digikam' });
    const read = exiftool(sidecar);
    expect(read.Description).toBe(retake.caption);
    expect(list(read.Subject)).toEqual(['Holiday 2026', 'rodent']);
    // Accepted only: Shoebox's unreviewed caption and tag leave the sidecar too.
    await core.api['export.sidecars']({ scope: {}, content: 'accepted', naming: 'digikam' });
    expect(exiftool(sidecar).Description).toBeUndefined();
    expect(list(exiftool(sidecar).Subject)).toEqual(['Holiday 2026']);
  });

  it('a catalogue rebuilt from scratch reads the marks, so the exported suggestions are still not the owner’s', async () => {
    await core.api['export.sidecars']({ scope: {}, content: 'suggestions', naming: 'digikam' });
    const sidecar = join(library.photos, 'squirrel.jpg.xmp');
    expect(exiftool(sidecar).Description).toBe('A different take on the squirrel.');
    await core.stop();
    const freshData = mkdtempSync(join(tmpdir(), 'shoebox-rebuilt-'));
    try {
      core = await startCore(freshData, envFor(provider, 'openrouter'));
      await core.api['folders.add']({ path: library.photos });
      await waitForCatalogued(core, 5, 60_000);
      const item = (await core.api['photos.search']({ text: '' })).items.find(
        (i) => i.fileName === 'squirrel.jpg',
      )!;
      const squirrel = (await core.api['photos.get']({ id: item.id }))!;
      expect(squirrel.captionEntry).toBeNull();
      expect(squirrel.tagEntries.map((t) => [t.tag, t.state, t.origin])).toEqual([
        ['Holiday 2026', 'user', 'import'],
      ]);
    } finally {
      await core.stop();
      rmSync(freshData, { recursive: true, force: true });
    }
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
  });
});
