// Exports as background jobs through the real core: progress events, a summary or a file at the end, cancel
// midway, and browser mode's download of the file over HTTP (with the server's own host checks).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { startHttpServer, type HttpServer } from '../../electron/server/httpServer';
import { silentLog } from '../../electron/core/log';
import type { ExportJob } from '../../shared/types';
import { CORPUS_DIR } from '../support/corpus';
import { startCore, waitForCatalogued } from '../support/coreHarness';
import { waitFor } from '../support/waitFor';

const PHOTOS = [
  'exif/makernote_canon.jpg',
  'exif/makernote_nikon.jpg',
  'photos/landmark_furnace-creek-inn-stone-sign_canon-s5is_gps.jpg',
];

let dir: string;
let core: Core | undefined;
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  await core?.stop();
  server = undefined;
  core = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function libraryOf(): Promise<{ root: string; progress: ExportJob[] }> {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-export-jobs-'));
  const root = join(dir, 'Photos');
  mkdirSync(root);
  PHOTOS.forEach((photo, i) => copyFileSync(join(CORPUS_DIR, photo), join(root, `p${i}.jpg`)));
  core = await startCore(join(dir, 'data'), {});
  const progress: ExportJob[] = [];
  core.events.subscribe((name, payload) => {
    if (name === 'export.progress') progress.push(payload as ExportJob);
  });
  await core.api['folders.add']({ path: root });
  await waitForCatalogued(core, PHOTOS.length);
  return { root, progress };
}

async function finished(id: number): Promise<ExportJob> {
  return waitFor('the export job to finish', async () =>
    (await core!.api['export.jobs']({})).find((job) => job.id === id && job.state !== 'running'),
  );
}

describe('exports as jobs', () => {
  it('streams CSV and JSON to a file that matches the one-shot export byte for byte', async () => {
    const { progress } = await libraryOf();
    for (const format of ['csv', 'json'] as const) {
      const started = await core!.api['export.start']({ kind: format, scope: {}, content: 'suggestions' });
      expect(started.state).toBe('running');
      const job = await finished(started.id);
      expect(job).toMatchObject({ state: 'done', photosDone: 3, photosTotal: 3, error: null });
      const oneShot = await core!.api['export.table']({ scope: {}, content: 'suggestions', format });
      expect(readFileSync(job.file!.path, 'utf8')).toBe(oneShot.content);
      expect(job.file).toMatchObject({ photos: 3, mimeType: oneShot.mimeType });
    }
    expect(progress.some((p) => p.state === 'running' && p.photosTotal === 3)).toBe(true);
    expect(progress.filter((p) => p.state === 'done')).toHaveLength(2);
  });

  it('writes sidecars as a job with a summary, and refuses to write into originals unconfirmed', async () => {
    const { root } = await libraryOf();
    const started = await core!.api['export.start']({ kind: 'sidecars', scope: {}, content: 'suggestions' });
    const job = await finished(started.id);
    expect(job.state).toBe('done');
    expect(job.outcome!.written + job.outcome!.skipped).toBe(3);
    expect(job.outcome!.failed).toEqual([]);
    await expect(
      core!.api['export.start']({ kind: 'embedded', scope: {}, content: 'accepted' }),
    ).rejects.toThrow(/confirmation/);
    expect(existsSync(join(root, 'p0.jpg'))).toBe(true);
  });

  it('stops a big export when cancelled, leaving no file that looks whole', async () => {
    await libraryOf();
    await core!.stop();
    // 3,000 more catalogued photos, so the export is still running when the cancel arrives.
    const db = openDatabase(join(dir, 'data', 'catalogue.sqlite'));
    const photo = db.prepare(
      `INSERT INTO photos (hash, bytes, format, caption, caption_status, created_at) VALUES (?, 1, 'jpeg', 'a caption', 'done', 'now')`,
    );
    const file = db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 1, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 3000; i++)
        file.run(join(dir, 'gone', `${i}.jpg`), photo.run(`h${i}`).lastInsertRowid);
    })();
    db.close();
    core = await startCore(join(dir, 'data'), {});
    const destination = join(dir, 'table.json');
    const started = await core.api['export.start']({
      kind: 'json',
      scope: {},
      content: 'accepted',
      destination,
    });
    const cancelled = await core.api['export.cancel']({ id: started.id });
    expect(cancelled.id).toBe(started.id);
    const job = await finished(started.id);
    expect(job.state).toBe('cancelled');
    expect(job.photosDone).toBeLessThan(job.photosTotal!);
    expect(job.file).toBeNull();
    expect(existsSync(destination)).toBe(false);
  });

  it('lets browser mode download the finished file, and only from an allowed host', async () => {
    await libraryOf();
    server = await startHttpServer({ core: core!, rendererDir: join(dir, 'no-ui'), log: silentLog, port: 0 });
    const started = await core!.api['export.start']({ kind: 'csv', scope: {}, content: 'accepted' });
    const job = await finished(started.id);
    const response = await fetch(new URL(`api/exports/${job.id}/file`, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="shoebox-.*\.csv"$/);
    expect(await response.text()).toBe(readFileSync(job.file!.path, 'utf8'));
    expect((await fetch(new URL('api/exports/999/file', server.url))).status).toBe(404);
    const port = new URL(server.url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/exports/${job.id}/file`,
          headers: { Host: `evil.example:${port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('removes the files of jobs it forgets or that an earlier run made, never one where the user chose', async () => {
    await libraryOf();
    const chosen = join(dir, 'mine.csv');
    const mine = await core!.api['export.start']({
      kind: 'csv',
      scope: {},
      content: 'accepted',
      destination: chosen,
    });
    await finished(mine.id);
    const files: string[] = [];
    for (let i = 0; i < 22; i++) {
      const started = await core!.api['export.start']({ kind: 'json', scope: {}, content: 'accepted' });
      files.push((await finished(started.id)).file!.path);
    }
    const remembered = (await core!.api['export.jobs']({})).map((job) => job.id);
    expect(remembered).toHaveLength(20);
    expect(remembered).not.toContain(mine.id);
    // The first three jobs are forgotten: the chosen file stays, the data folder's two go.
    expect(existsSync(chosen)).toBe(true);
    expect(files.map((file) => existsSync(file))).toEqual([false, false, ...Array<boolean>(20).fill(true)]);
    await core!.stop();
    core = await startCore(join(dir, 'data'), {});
    expect(files.some((file) => existsSync(file))).toBe(false);
    expect(existsSync(chosen)).toBe(true);
  });
});
