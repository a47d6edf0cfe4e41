// A caller of the HTTP API with inputs the UI never sends, against the real core, the real server, a real
// SQLite file and real photos on disk: each defect found by the adversarial pass, kept from coming back.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { silentLog } from '../../electron/core/log';
import { startHttpServer, type HttpServer } from '../../electron/server/httpServer';
import { corpusPath } from '../support/corpus';
import { startCore, waitForCatalogued } from '../support/coreHarness';

let dir: string | undefined;
let core: Core | undefined;
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  await core?.stop();
  server = undefined;
  core = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function serve(): Promise<{ root: string; dataDir: string }> {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-hostile-api-'));
  const root = join(dir, 'Photos');
  mkdirSync(root);
  const dataDir = join(dir, 'data');
  core = await startCore(dataDir, {});
  server = await startHttpServer({ core, rendererDir: join(dir, 'no-ui'), log: silentLog, port: 0 });
  return { root, dataDir };
}

async function post(method: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(`api/${method}`, server!.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function errorMessage(reply: { body: unknown }): string {
  return (reply.body as { error: { message: string } }).error.message;
}

describe('export destinations over HTTP', () => {
  it('never lets an HTTP caller write an export over a photo or the catalogue', async () => {
    const { root, dataDir } = await serve();
    const photo = join(root, 'castle.jpg');
    copyFileSync(corpusPath('photos/landmark_castle-of-maintenon_nikon-d3.jpg'), photo);
    await core!.api['folders.add']({ path: root });
    await waitForCatalogued(core!, 1);
    const photoBytes = readFileSync(photo);
    const catalogue = join(dataDir, 'catalogue.sqlite');
    const catalogueHead = readFileSync(catalogue).subarray(0, 16).toString('latin1');

    for (const [kind, destination] of [
      ['csv', photo],
      ['json', catalogue],
      ['json', join(dataDir, 'keys.json')],
      ['csv', join(dir!, 'elsewhere.csv')],
    ] as const) {
      const reply = await post('export.start', { kind, scope: {}, content: 'accepted', destination });
      expect(reply.status, destination).toBeGreaterThanOrEqual(400);
      expect(reply.status, destination).toBeLessThan(500);
      expect(errorMessage(reply)).toMatch(/destination/i);
    }
    expect(await core!.api['export.jobs']({})).toEqual([]);
    expect(readFileSync(photo).equals(photoBytes)).toBe(true);
    expect(readFileSync(catalogue).subarray(0, 16).toString('latin1')).toBe(catalogueHead);

    // The way browser mode exports still works: into the data folder, then a download.
    const started = await post('export.start', { kind: 'csv', scope: {}, content: 'accepted' });
    expect(started.status).toBe(200);
  });
});

describe('provider base URLs', () => {
  it('refuses a base URL that is no usable server address, and keeps the one set before', async () => {
    await serve();
    const good = 'http://127.0.0.1:9/v1';
    expect((await post('settings.update', { provider: 'custom', baseUrl: good })).status).toBe(200);
    for (const baseUrl of [
      'http://user:secret@127.0.0.1:9/v1',
      'http://:secret@127.0.0.1:9/v1',
      'http://[',
      'http://%zz/',
      'http://:80',
      'http://127.0.0.1:99999/v1',
      'http://127.0.0.1:9/v1?key=x',
      'http://127.0.0.1:9/v1#part',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      const reply = await post('settings.update', { baseUrl });
      expect(reply.status, baseUrl).toBe(422);
      expect(errorMessage(reply), baseUrl).toMatch(/base URL/);
      expect(errorMessage(reply), baseUrl).not.toContain('secret');
    }
    expect(((await post('settings.get', {})).body as { baseUrl: string }).baseUrl).toBe(good);
  });
});

describe('text with characters no name or caption holds', () => {
  it('refuses control characters, unpaired surrogates and direction overrides, and changes nothing', async () => {
    const { root } = await serve();
    copyFileSync(corpusPath('photos/landmark_castle-of-maintenon_nikon-d3.jpg'), join(root, 'castle.jpg'));
    await core!.api['folders.add']({ path: root });
    await waitForCatalogued(core!, 1);
    const photoId = (await core!.api['photos.search']({ text: '' })).items[0]!.id;
    const before = await core!.api['photos.get']({ id: photoId });
    const settingsBefore = await core!.api['settings.get']({});

    const refused: Array<[string, unknown]> = [
      ['review.addTag', { photoId, tag: 'nul\u0000' }],
      ['review.addTag', { photoId, tag: '\u202egnp.exe' }],
      ['review.addTag', { photoId, tag: 'half\ud800' }],
      ['review.editCaption', { photoId, caption: 'marks \u0002search\u0003 highlights' }],
      ['review.editCaption', { photoId, caption: 'bell\u0007' }],
      ['vocabulary.rename', { from: 'castle', to: 'esc\u001b[31m' }],
      ['settings.update', { model: 'pixtral\nmalicious' }],
      ['settings.update', { fallbackModels: ['ok', 'bad\u0000'] }],
      ['bakeoff.useModel', { model: 'nul\u0000' }],
      ['bakeoff.estimate', { models: ['one', 'two\n'] }],
      ['settings.setKey', { provider: 'custom', key: 'sk-1\r\nX-Injected: yes' }],
    ];
    for (const [method, body] of refused) {
      const reply = await post(method, body);
      expect(reply.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      expect(errorMessage(reply)).toMatch(/character/);
    }
    expect(await core!.api['photos.get']({ id: photoId })).toEqual(before);
    expect(await core!.api['settings.get']({})).toEqual(settingsBefore);
    expect(await core!.api['review.history']({})).toEqual([]);

    // What people do write still goes in: other scripts, right-to-left words, a caption in two lines.
    const kept: Array<[string, unknown]> = [
      ['review.addTag', { photoId, tag: 'château' }],
      ['review.addTag', { photoId, tag: 'قلعة' }],
      ['review.addTag', { photoId, tag: '城 🏰' }],
      ['review.editCaption', { photoId, caption: 'A castle.\nBrick and stone, with towers.' }],
    ];
    for (const [method, body] of kept) expect((await post(method, body)).status, method).toBe(200);
  });
});

describe('prices and caps', () => {
  it('refuses a price override so large that every estimate and cap check becomes Infinity', async () => {
    await serve();
    for (const perImage of [1e308, 1e6, -1]) {
      const reply = await post('spend.updateSettings', {
        priceOverrides: { openrouter: { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage } },
      });
      expect(reply.status, String(perImage)).toBe(400);
    }
    const report = (await post('spend.report', {})).body as { settings: { priceOverrides: object } };
    expect(report.settings.priceOverrides).toEqual({});
    const dearest = { inputPerMTok: 10_000, outputPerMTok: 10_000, perImage: 10_000 };
    expect((await post('spend.updateSettings', { priceOverrides: { openrouter: dearest } })).status).toBe(
      200,
    );
  });
});
