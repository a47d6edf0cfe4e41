// A provider server (or whatever answers at its address) that never stops answering: the connection test,
// the balance shown on the Spend page, a bake-off's price list and a caption call must read only so much of a
// reply, not gather it all in memory until their time runs out. A real HTTP server on loopback counts what it managed to send.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { corpusPath } from '../support/corpus';
import { startCore, waitForCatalogued } from '../support/coreHarness';
import { waitFor } from '../support/waitFor';

/** The most an endless reply may send before the client hangs up: the cap, plus what sockets buffer. */
const MAX_SENT_BYTES = 64 * 1024 * 1024;
/** What the server would send to a client that never hangs up. */
const ENDLESS_BYTES = 4 * MAX_SENT_BYTES;

let dir: string | undefined;
let core: Core | undefined;
let server: Server | undefined;
afterEach(async () => {
  await core?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  if (dir) rmSync(dir, { recursive: true, force: true });
  core = server = dir = undefined;
});

/** Answers every GET with 200 and a JSON-looking body that goes on and on; counts what each reply sent. */
async function endlessServer(): Promise<{ url: string; sent: Map<string, number> }> {
  const sent = new Map<string, number>();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let total = 0;
    res.write('{"data":[');
    const pump = () => {
      while (total < ENDLESS_BYTES && !res.destroyed) {
        total += chunk.length;
        sent.set(path, total);
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(']}');
    };
    res.on('close', () => sent.set(path, total));
    pump();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, sent };
}

describe('a provider whose replies never end', () => {
  it('makes the connection test, the balance and a bake-off price list give up after a bounded read', async () => {
    const { url, sent } = await endlessServer();
    dir = mkdtempSync(join(tmpdir(), 'shoebox-endless-'));
    const photos = join(dir, 'Photos');
    mkdirSync(photos);
    copyFileSync(corpusPath('photos/landmark_castle-of-maintenon_nikon-d3.jpg'), join(photos, 'castle.jpg'));
    core = await startCore(join(dir, 'data'), {
      SHOEBOX_PROVIDER: 'openrouter',
      SHOEBOX_BASE_URL: url,
      OPENROUTER_API_KEY: 'test-key',
      SHOEBOX_RETRY_BASE_MS: '20',
    });

    const test = await core.api['settings.testConnection']({});
    expect(test.state).toBe('unreachable');
    expect(test.message).toMatch(/too large/);
    expect(sent.get('/api/v1/key')).toBeLessThan(MAX_SENT_BYTES);

    const report = await core.api['spend.report']({});
    expect(report.balance?.error).toMatch(/too large/);
    expect(sent.get('/api/v1/key')).toBeLessThan(MAX_SENT_BYTES);

    // A bake-off's estimate asks the model list for prices; without one it uses Shoebox's own table.
    await core.api['folders.add']({ path: photos });
    await waitForCatalogued(core, 1);
    const estimate = await core.api['bakeoff.estimate']({ count: 1, models: ['a/one', 'b/two'] });
    expect(estimate.perModel.map((m) => m.priceSource)).toEqual(['table', 'table']);
    expect(sent.get('/api/v1/models')).toBeLessThan(MAX_SENT_BYTES);

    // A caption's reply is cut off too, and the photo fails with the reason after its tries.
    await core.api['queue.approve']({});
    const failed = await waitFor('the caption to fail', async () => {
      const status = await core!.api['queue.status']({});
      return status.failed > 0 ? status : undefined;
    });
    expect(failed.failed).toBe(1);
    expect(sent.get('/api/v1/chat/completions')).toBeLessThan(MAX_SENT_BYTES);
    const [photo] = (await core.api['photos.search']({ text: '' })).items;
    expect((await core.api['photos.get']({ id: photo!.id }))!.error).toMatch(/reply is too large/);
  }, 60_000);
});
