// What waking the caption queue costs per photo as the backlog grows, and what a status costs: a scan wakes it
// once per new photo and pushes a status four times a second, so neither may grow with the number of jobs
// waiting for approval (issue 13).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaptionQueue } from '../../electron/core/captioning/queue';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { EventBus } from '../../electron/core/events';
import { silentLog } from '../../electron/core/log';
import { createMemoryKeyStore } from '../../electron/core/settings/memoryKeyStore';
import { createSettingsStore } from '../../electron/core/settings/settingsStore';
import { createSpendService } from '../../electron/core/spend/spendService';
import { createSpendGate } from '../../electron/core/spend/spendGate';
import { assertLoopbackProvider } from '../support/loopbackOnly';

/** Microseconds per wake() and per status() with `waiting` jobs awaiting approval behind a cloud provider. */
export async function queueMicros(
  waiting: number,
  wakes = 2000,
  statuses = 200,
): Promise<{ wake: number; status: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-wake-'));
  const db = openDatabase(join(dir, 'catalogue.sqlite'));
  try {
    // A cloud preset, whose status counts the jobs held back from the cloud, on loopback: nothing is ever sent
    // (every job waits for approval), but the setup must be complete.
    const env = {
      SHOEBOX_PROVIDER: 'openrouter',
      SHOEBOX_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENROUTER_API_KEY: 'bench-key',
    };
    assertLoopbackProvider(env);
    const settings = createSettingsStore(db, { env, keyStore: createMemoryKeyStore() });
    const clock = { now: () => Date.now() };
    const spend = createSpendService({ db, clock, provider: () => null, uploadMaxPx: () => 1024 });
    await spend.updateSettings({
      priceOverrides: { openrouter: { inputPerMTok: 1, outputPerMTok: 1, perImage: 0 } },
    });
    const gate = createSpendGate(db, spend, () => new Date());
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO folders (id, path, added_at) VALUES (1, '/bench', ?)`).run(now);
    const photo = db.prepare(`INSERT INTO photos (id, hash, bytes, created_at) VALUES (?, ?, 1, ?)`);
    const file = db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, ?, 1, 0, ?)`,
    );
    const job = db.prepare(`INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES (?, 'queued', ?)`);
    db.transaction(() => {
      for (let id = 1; id <= waiting; id += 1) {
        photo.run(id, String(id).padStart(64, '0'), now);
        file.run(`/bench/${id}.jpg`, id);
        job.run(id, now);
      }
    })();
    const queue = createCaptionQueue({
      db,
      events: new EventBus(),
      clock,
      log: silentLog,
      settings,
      gate,
      prepareUpload: () => Promise.reject(new Error('nothing is sent in this benchmark')),
    });
    queue.start();
    try {
      for (let i = 0; i < 200; i += 1) queue.wake(); // warm-up: compile and cache before timing
      const start = performance.now();
      for (let i = 0; i < wakes; i += 1) queue.wake();
      const wake = ((performance.now() - start) * 1000) / wakes;
      queue.status();
      const statusStart = performance.now();
      for (let i = 0; i < statuses; i += 1) queue.status();
      return { wake, status: ((performance.now() - statusStart) * 1000) / statuses };
    } finally {
      await queue.stop();
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
