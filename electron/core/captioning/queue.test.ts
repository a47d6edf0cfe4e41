import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareUpload } from '../imaging/index';
import type { QueueStatus } from '../../../shared/types';
import { openDatabase } from '../db/openDatabase';
import { EventBus } from '../events';
import { silentLog } from '../log';
import { createMemoryKeyStore } from '../settings/memoryKeyStore';
import { createSettingsStore, type SettingsStore } from '../settings/settingsStore';
import { createSpendGate } from '../spend/spendGate';
import { createSpendService } from '../spend/spendService';
import { createCaptionQueue, type CaptionQueue } from './queue';
import { MISTRAL_ALLOWED_FIELDS } from './request';
import { PROMPT_VERSION } from './prompt';
import { corpusPath } from '../../../test/support/corpus';
import { startScriptedProvider, type ScriptedReply } from '../../../test/support/scriptedProvider';

const PHOTO = corpusPath('photos/animal_squirrel-on-branch.jpg');
const OTHER_PHOTO = corpusPath('photos/animal_sheep-grazing-in-field.jpg');
const THIRD_PHOTO = corpusPath('photos/animal_nuthatch-on-tree-trunk.jpg');

type Reply = ScriptedReply;
const startProvider = startScriptedProvider;

function completion(content: string, extra: Record<string, unknown> = {}, finish = 'stop'): Reply {
  return {
    body: {
      id: 'gen-123',
      object: 'chat.completion',
      created: 1,
      model: 'mistralai/pixtral-12b',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
      usage: { prompt_tokens: 1200, completion_tokens: 40, total_tokens: 1240, cost: 0.00031 },
      ...extra,
    },
  };
}

const GOOD = completion('{"caption":"A red squirrel sits on a branch.","tags":["Squirrel","branch","tree"]}');

interface Harness {
  db: Database;
  queue: CaptionQueue;
  settings: SettingsStore;
  statuses: QueueStatus[];
  changed: number;
}

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(
  baseUrl: string | null,
  options: {
    provider?: 'openrouter' | 'mistral' | 'custom';
    concurrency?: number;
    file?: string;
    prepareUpload?: typeof prepareUpload;
    checkSetup?: () => Promise<string | null>;
    /** Spend control on: photos scanned wait for the user's yes on an estimate. */
    gated?: boolean;
  } = {},
): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-queue-'));
  const db = openDatabase(options.file ?? join(dir, 'catalogue.sqlite'));
  const settings = createSettingsStore(db, { env: {}, keyStore: createMemoryKeyStore() });
  if (baseUrl !== null) {
    settings.update({ provider: options.provider ?? 'custom', baseUrl, model: 'pixtral-test' });
    settings.setKey(options.provider ?? 'custom', 'test-key');
  }
  settings.update({ concurrency: options.concurrency ?? 2, uploadMaxPx: 256 });
  const events = new EventBus();
  const harness: Harness = {
    db,
    settings,
    statuses: [],
    changed: 0,
    queue: undefined as unknown as CaptionQueue,
  };
  events.subscribe((name, payload) => {
    if (name === 'queue.status') harness.statuses.push(payload as QueueStatus);
    if (name === 'photos.changed') harness.changed += 1;
  });
  harness.queue = createCaptionQueue({
    db,
    events,
    clock: { now: () => Date.UTC(2026, 10, 23) },
    log: silentLog,
    settings,
    prepareUpload: options.prepareUpload ?? prepareUpload,
    random: () => 0.5,
    backoff: { baseMs: 5, maxMs: 40 },
    timeoutMs: 5000,
    ...(options.checkSetup ? { checkSetup: options.checkSetup } : {}),
    ...(options.gated ? { gate: spendGateFor(db, settings) } : {}),
  });
  cleanups.push(async () => {
    await harness.queue.stop();
    db.close();
  });
  return harness;
}

function spendGateFor(db: Database, settings: SettingsStore) {
  const now = () => Date.UTC(2026, 10, 23);
  const spend = createSpendService({
    db,
    clock: { now },
    provider: () => {
      const resolved = settings.resolveProvider();
      return 'error' in resolved ? null : resolved;
    },
    uploadMaxPx: () => 256,
  });
  return createSpendGate(db, spend, () => new Date(now()));
}

/** The real encoder, noting the name of each file it prepares. */
function recordingUploads(prepared: string[]): typeof prepareUpload {
  return async (path, maxSide, opts) => {
    prepared.push(path.split('/').at(-1)!);
    return prepareUpload(path, maxSide, opts);
  };
}

let nextPhoto = 1;
function addPhoto(db: Database, path = PHOTO, jobState: 'queued' | 'running' = 'queued'): number {
  const id = nextPhoto++;
  const now = '2026-11-23T00:00:00.000Z';
  db.prepare(`INSERT OR IGNORE INTO folders (id, path, added_at) VALUES (1, '/corpus', ?)`).run(now);
  db.prepare(`INSERT INTO photos (id, hash, bytes, created_at, caption_status) VALUES (?, ?, 1, ?, ?)`).run(
    id,
    `hash${String(id).padStart(10, '0')}`.padEnd(64, '0'),
    now,
    jobState,
  );
  db.prepare(`INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 0, ?)`).run(
    path,
    id,
  );
  db.prepare(`INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES (?, ?, ?)`).run(
    id,
    jobState,
    now,
  );
  return id;
}

function photo(db: Database, id: number) {
  return db.prepare('SELECT * FROM photos WHERE id = ?').get(id) as Record<string, unknown>;
}
function tags(db: Database, id: number) {
  return (
    db.prepare('SELECT tag FROM photo_tags WHERE photo_id = ? ORDER BY tag').all(id) as { tag: string }[]
  ).map((r) => r.tag);
}
function job(db: Database, id: number) {
  return db.prepare('SELECT * FROM caption_jobs WHERE photo_id = ?').get(id) as
    Record<string, unknown> | undefined;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('caption queue', () => {
  it('stores caption, tags, usage and deletes the job', async () => {
    const provider = await startProvider([GOOD]);
    cleanups.push(provider.close);
    const h = setup(provider.url, { provider: 'openrouter' });
    // openrouter's preset URL is fixed; point it at the test server through the base URL override
    const id = addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect(photo(h.db, id)).toMatchObject({
      caption: 'A red squirrel sits on a branch.',
      caption_status: 'done',
      caption_model: 'mistralai/pixtral-12b',
      caption_provider: 'openrouter',
      prompt_version: PROMPT_VERSION,
      input_tokens: 1200,
      output_tokens: 40,
      reported_cost: 0.00031,
      captioned_at: '2026-11-23T00:00:00.000Z',
    });
    expect(tags(h.db, id)).toEqual(['branch', 'squirrel', 'tree']);
    expect(job(h.db, id)).toBeUndefined();
    expect(h.changed).toBe(1);
    expect(h.queue.status()).toMatchObject({
      done: 1,
      queued: 0,
      running: 0,
      blockedReason: null,
      offline: false,
    });
    // The photo is searchable by its new words.
    const hit = h.db.prepare(`SELECT rowid FROM photos_fts WHERE photos_fts MATCH 'squirrel'`).all();
    expect(hit).toEqual([{ rowid: id }]);
    // The image really went out, resized, as a JPEG data URL.
    const messages = provider.requests[0]?.body.messages as { content: unknown }[];
    const parts = messages[1]?.content as { type: string; image_url?: { url: string } }[];
    expect(parts[0]?.type).toBe('text');
    const url = parts[1]?.image_url?.url ?? '';
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true);
    const meta = await sharp(Buffer.from(url.split(',')[1] ?? '', 'base64')).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(256);
  });

  it('parses a fenced reply', async () => {
    const provider = await startProvider([
      completion('Here you go:\n```json\n{"caption":"A squirrel.","tags":["squirrel"]}\n```'),
    ]);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    expect(photo(h.db, id)).toMatchObject({ caption: 'A squirrel.', caption_status: 'done' });
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    const provider = await startProvider([
      {
        status: 429,
        headers: { 'retry-after-ms': '80' },
        body: { error: { code: 429, message: 'slow down' } },
      },
      GOOD,
    ]);
    cleanups.push(provider.close);
    const h = setup(provider.url, { concurrency: 4 });
    const id = addPhoto(h.db);
    h.queue.start();
    const started = Date.now();
    await h.queue.whenIdle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(provider.requests).toHaveLength(2);
    expect(photo(h.db, id).caption_status).toBe('done');
    expect(h.statuses.some((s) => s.blockedReason?.includes('rate limited'))).toBe(true);
  });

  it('retries 500s and shows the queue as offline meanwhile', async () => {
    const error = { status: 500, body: { error: { message: 'upstream down' } } };
    const provider = await startProvider([error, error, error, GOOD]);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(4);
    expect(photo(h.db, id).caption_status).toBe('done');
    expect(h.statuses.some((s) => s.offline)).toBe(true);
    expect(h.queue.status().offline).toBe(false);
  });

  it('retries network failures without limit and says "offline, retrying"', async () => {
    const h = setup('http://127.0.0.1:9/v1');
    const id = addPhoto(h.db);
    h.queue.start();
    await waitFor(() => h.queue.status().blockedReason === 'offline, retrying', 'offline status');
    expect(h.queue.status()).toMatchObject({ offline: true, running: 1 });
    expect(job(h.db, id)?.state).toBe('running');
  });

  it('pauses the whole queue on 402 and resumes on request', async () => {
    const provider = await startProvider(
      [{ status: 402, body: { error: { code: 402, message: 'Insufficient credits' } } }],
      GOOD,
    );
    cleanups.push(provider.close);
    const h = setup(provider.url, { provider: 'openrouter', concurrency: 1 });
    const a = addPhoto(h.db);
    const b = addPhoto(h.db, OTHER_PHOTO);
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(1);
    expect(h.queue.status()).toMatchObject({
      paused: true,
      blockedReason: 'Out of credits at OpenRouter: top up, then resume',
      queued: 2,
    });
    h.queue.resume();
    await h.queue.whenIdle();
    expect(photo(h.db, a).caption_status).toBe('done');
    expect(photo(h.db, b).caption_status).toBe('done');
  });

  it('marks content_filter as refused and never retries it', async () => {
    const provider = await startProvider([completion('', {}, 'content_filter')]);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    h.queue.retryFailed();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(1);
    expect(photo(h.db, id)).toMatchObject({ caption_status: 'refused' });
    expect(String(photo(h.db, id).caption_error)).toContain('content filter');
    expect(h.queue.status()).toMatchObject({ refused: 1, failed: 0 });
  });

  it('fails after three unusable replies, with the reason, and retryFailed sends it again', async () => {
    const provider = await startProvider(
      [completion('no idea'), completion('still no'), completion('nope')],
      GOOD,
    );
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(3);
    expect(photo(h.db, id).caption_status).toBe('failed');
    expect(String(photo(h.db, id).caption_error)).toMatch(/not JSON.*after 3 attempts/);
    expect(job(h.db, id)).toMatchObject({ state: 'failed', attempts: 3 });
    expect(h.queue.retryFailed()).toMatchObject({ failed: 0 });
    await h.queue.whenIdle();
    expect(photo(h.db, id).caption_status).toBe('done');
  });

  it('pauses with the reason on a rejected key', async () => {
    const provider = await startProvider(
      [{ status: 401, body: { error: { message: 'No auth credentials found' } } }],
      GOOD,
    );
    cleanups.push(provider.close);
    const h = setup(provider.url);
    addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    expect(h.queue.status().paused).toBe(true);
    expect(h.queue.status().blockedReason).toContain('rejected the key');
    // New photos do not lift the pause; a new key does.
    h.queue.wake();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(1);
    h.settings.setKey('custom', 'better-key');
    h.queue.wake();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1]?.headers.authorization).toBe('Bearer better-key');
    expect(h.queue.status()).toMatchObject({ paused: false, done: 1 });
  });

  it('fails an unreadable file with a reason', async () => {
    const provider = await startProvider([], GOOD);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db, '/work/shared/corpus/README.md');
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(0);
    expect(photo(h.db, id).caption_status).toBe('failed');
    expect(String(photo(h.db, id).caption_error)).toContain('could not be prepared for upload');
  });

  it('re-sends a job a crash left running, exactly once', async () => {
    const provider = await startProvider([GOOD]);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db, PHOTO, 'running');
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(1);
    expect(photo(h.db, id).caption_status).toBe('done');
  });

  it('sends Mistral only fields its schema allows', async () => {
    const provider = await startProvider([GOOD]);
    cleanups.push(provider.close);
    const h = setup(provider.url, { provider: 'mistral' });
    addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    const body = provider.requests[0]?.body ?? {};
    expect(Object.keys(body).filter((k) => !MISTRAL_ALLOWED_FIELDS.has(k))).toEqual([]);
    expect(body.model).toBe('pixtral-test');
  });

  it('waits with a clear message while no provider is set up, then runs when one is', async () => {
    const provider = await startProvider([GOOD]);
    cleanups.push(provider.close);
    const h = setup(null);
    const id = addPhoto(h.db);
    h.queue.start();
    await h.queue.whenIdle();
    expect(h.queue.status()).toMatchObject({
      blockedReason: 'No caption provider is set up: choose one in Settings (or set SHOEBOX_PROVIDER)',
      queued: 1,
    });
    h.settings.update({ provider: 'custom', baseUrl: provider.url, model: 'pixtral-test' });
    h.queue.wake();
    await h.queue.whenIdle();
    expect(photo(h.db, id).caption_status).toBe('done');
    expect(h.queue.status().blockedReason).toBeNull();
  });

  it('pause stops new sends until resume', async () => {
    const provider = await startProvider([], GOOD);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    h.queue.start();
    expect(h.queue.pause()).toMatchObject({ paused: true, blockedReason: 'Paused' });
    const id = addPhoto(h.db);
    h.queue.wake();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(0);
    h.queue.resume();
    await h.queue.whenIdle();
    expect(photo(h.db, id).caption_status).toBe('done');
  });

  it('runs as many requests at once as the concurrency setting allows', async () => {
    const provider = await startProvider([], { ...GOOD, delayMs: 60 });
    cleanups.push(provider.close);
    const h = setup(provider.url, { concurrency: 2 });
    const ids = [
      PHOTO,
      OTHER_PHOTO,
      '/work/shared/corpus/photos/animal_nuthatch-on-tree-trunk.jpg',
      '/work/shared/corpus/photos/animal_squirrel-on-branch.jpg#copy',
    ].map((path) => addPhoto(h.db, path));
    h.queue.start();
    await waitFor(() => provider.stats.inFlight === 2, 'two requests in flight');
    expect(h.queue.status()).toMatchObject({ running: 2, queued: 2 });
    await h.queue.whenIdle();
    expect(provider.stats.maxInFlight).toBe(2);
    // The '#copy' path does not exist: that photo fails, the others are done.
    expect(ids.map((id) => photo(h.db, id).caption_status)).toEqual(['done', 'done', 'done', 'failed']);
  });

  it('drops the result of a photo removed while its request was in flight', async () => {
    const provider = await startProvider([{ ...GOOD, delayMs: 100 }]);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const id = addPhoto(h.db);
    h.queue.start();
    await waitFor(() => provider.stats.inFlight === 1, 'request in flight');
    h.db.prepare('DELETE FROM photos WHERE id = ?').run(id);
    await h.queue.whenIdle();
    expect(h.db.prepare('SELECT count(*) AS n FROM photo_tags').get()).toEqual({ n: 0 });
    expect(h.queue.status()).toMatchObject({ queued: 0, running: 0, failed: 0, done: 0 });
  });
});

describe('caption queue, as other features use it', () => {
  it('pushes a bounded number of status events however many photos wake it, the last one counting them all', async () => {
    const h = setup(null);
    h.queue.start();
    const before = h.statuses.length;
    for (let i = 0; i < 400; i += 1) {
      addPhoto(h.db, `/corpus/wake-${i}.jpg`);
      h.queue.wake();
    }
    await waitFor(() => h.statuses.at(-1)?.queued === 400, 'a status that counts every photo');
    // One leading push and one trailing push per interval, not one per photo.
    expect(h.statuses.length - before).toBeLessThanOrEqual(4);
  });

  it('resolves the provider once per call, however often the call pumps, checks for idle and publishes', async () => {
    const h = setup('http://127.0.0.1:9/v1');
    h.queue.start();
    await Promise.resolve();
    const resolve = vi.spyOn(h.settings, 'resolveProvider');
    h.queue.pause();
    h.queue.status();
    expect(resolve).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    h.queue.status();
    expect(resolve).toHaveBeenCalledTimes(2);
    // A settings change reaches the queue through wake(), which looks again at once, in the same turn.
    h.settings.update({ model: 'another-model' });
    h.queue.wake();
    expect(resolve).toHaveBeenCalledTimes(3);
    expect(h.queue.status().queued).toBe(0);
    expect(resolve).toHaveBeenCalledTimes(3);
  });

  it('creates jobs only for the photos it is given, and tells listeners each caption it stored', async () => {
    const provider = await startProvider([], GOOD);
    cleanups.push(provider.close);
    const h = setup(provider.url);
    const ids = [addPhoto(h.db), addPhoto(h.db, OTHER_PHOTO), addPhoto(h.db, THIRD_PHOTO)];
    h.db.prepare('DELETE FROM caption_jobs').run();
    const stored: number[] = [];
    const unsubscribe = h.queue.onCaptionStored((photoId) => stored.push(photoId));
    cleanups.push(unsubscribe);
    h.queue.start();
    expect(h.queue.enqueue([ids[0]!, ids[2]!, 999_999])).toBe(2);
    expect(h.queue.enqueue([ids[0]!])).toBe(0);
    await h.queue.whenIdle();
    expect(stored.sort()).toEqual([ids[0], ids[2]].sort());
    expect(provider.requests).toHaveLength(2);
    expect(job(h.db, ids[1]!)).toBeUndefined();
    expect(photo(h.db, ids[1]!).caption).toBeNull();
    expect(photo(h.db, ids[2]!).caption_status).toBe('done');
  });
});

describe('caption queue pace', () => {
  it('reports photos per minute once a few captions are done', async () => {
    const provider = await startProvider([], { ...GOOD, delayMs: 30 });
    cleanups.push(provider.close);
    const h = setup(provider.url);
    for (const path of [
      PHOTO,
      OTHER_PHOTO,
      THIRD_PHOTO,
      '/work/shared/corpus/photos/animal_honey-bee-on-aster_nikon-d50.jpg',
    ]) {
      addPhoto(h.db, path);
    }
    expect(h.queue.status().photosPerMinute).toBeUndefined();
    h.queue.start();
    await h.queue.whenIdle();
    const { photosPerMinute } = h.queue.status();
    // Four captions finished within a few seconds: at least 4 a minute, and no more than the calls allow.
    expect(photosPerMinute).toBeGreaterThan(4);
    expect(photosPerMinute).toBeLessThanOrEqual(4 * (60_000 / 1000));
  });
});

describe('caption queue uploads', () => {
  it('prepares the next photo while the current call is out, so no call waits for the encoder', async () => {
    const log: string[] = [];
    const provider = await startProvider([], { ...GOOD, delayMs: 150 });
    cleanups.push(provider.close);
    let calls = 0;
    const server = provider.requests;
    const h = setup(provider.url, {
      concurrency: 1,
      prepareUpload: async (path, maxSide, opts) => {
        log.push(`prepare ${path.split('/').at(-1)} after ${server.length} requests`);
        calls += 1;
        return prepareUpload(path, maxSide, opts);
      },
    });
    addPhoto(h.db, PHOTO);
    addPhoto(h.db, OTHER_PHOTO);
    addPhoto(h.db, THIRD_PHOTO);
    h.queue.start();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(3);
    // Each photo is prepared once; the second and third while the call before them was out.
    expect(calls).toBe(3);
    expect(log).toEqual([
      'prepare animal_squirrel-on-branch.jpg after 0 requests',
      'prepare animal_sheep-grazing-in-field.jpg after 0 requests',
      'prepare animal_nuthatch-on-tree-trunk.jpg after 1 requests',
    ]);
  });

  it('encodes the first round while the queue is paused, and sends it on resume without encoding again', async () => {
    const provider = await startProvider([], GOOD);
    cleanups.push(provider.close);
    const prepared: string[] = [];
    const h = setup(provider.url, {
      concurrency: 2,
      prepareUpload: recordingUploads(prepared),
    });
    h.queue.pause();
    addPhoto(h.db, PHOTO);
    addPhoto(h.db, OTHER_PHOTO);
    addPhoto(h.db, THIRD_PHOTO);
    h.queue.start();
    h.queue.wake();
    // One round (the concurrency), not the whole backlog, and nothing sent while paused.
    await waitFor(() => prepared.length === 2, 'the first round prepared');
    h.queue.wake();
    expect(prepared).toHaveLength(2);
    expect(provider.requests).toHaveLength(0);
    h.queue.resume();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(3);
    expect(prepared.sort()).toEqual([
      'animal_nuthatch-on-tree-trunk.jpg',
      'animal_sheep-grazing-in-field.jpg',
      'animal_squirrel-on-branch.jpg',
    ]);
  });

  it('encodes the first round while photos wait for a yes on the estimate, and sends none before it', async () => {
    const provider = await startProvider([], GOOD);
    cleanups.push(provider.close);
    const prepared: string[] = [];
    const h = setup(provider.url, {
      provider: 'openrouter',
      concurrency: 2,
      gated: true,
      prepareUpload: recordingUploads(prepared),
    });
    addPhoto(h.db, PHOTO);
    addPhoto(h.db, OTHER_PHOTO);
    addPhoto(h.db, THIRD_PHOTO);
    h.queue.start();
    await waitFor(() => prepared.length === 2, 'the first round prepared');
    expect(h.queue.status().awaitingApproval).toBe(3);
    expect(provider.requests).toHaveLength(0);
    h.queue.approve();
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(3);
    expect(new Set(prepared).size).toBe(3);
    expect(prepared).toHaveLength(3);
  });

  it('starts encoding the first uploads while the setup check is still out, and encodes each once', async () => {
    const provider = await startProvider([], GOOD);
    cleanups.push(provider.close);
    const prepared: string[] = [];
    let answerCheck: (verdict: string | null) => void = () => undefined;
    const check = new Promise<string | null>((resolve) => (answerCheck = resolve));
    const h = setup(provider.url, {
      concurrency: 2,
      checkSetup: () => check,
      prepareUpload: recordingUploads(prepared),
    });
    addPhoto(h.db, PHOTO);
    addPhoto(h.db, OTHER_PHOTO);
    h.queue.start();
    await waitFor(() => prepared.length === 2, 'both uploads prepared');
    expect(provider.requests).toHaveLength(0);
    answerCheck(null);
    await h.queue.whenIdle();
    expect(provider.requests).toHaveLength(2);
    expect(prepared.sort()).toEqual(['animal_sheep-grazing-in-field.jpg', 'animal_squirrel-on-branch.jpg']);
  });
});
