// A provider key is write-only: it is used for requests, but no API result, event or log line ever holds it.
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createCore } from '../../electron/core/createCore';
import type { Core } from '../../electron/core/coreInterface';
import type { Log } from '../../electron/core/log';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { corpusPath } from '../support/corpus';
import { approveAll, waitUntilSettled } from '../support/coreHarness';
import { makeTempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';
import { assertLoopbackProvider } from '../support/loopbackOnly';

const KEY = 'sk-or-v1-secret-4f9c2e7d1a';
const library = makeTempLibrary([]);
let provider: FakeProvider | undefined;
let core: Core | undefined;

afterAll(async () => {
  await core?.stop();
  await provider?.close();
  library.remove();
});

it('keeps a stored key out of every result, event and log line, in a file only the user can read', async () => {
  copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), join(library.photos, 'squirrel.jpg'));
  provider = await startFakeProvider({ flavour: 'openrouter' });
  provider.failNext('server-500');
  provider.failNext('insufficient-credits-402');
  const seen: string[] = [];
  const log: Log = {
    info: (message, fields) => seen.push(message + JSON.stringify(fields ?? {})),
    warn: (message, fields) => seen.push(message + JSON.stringify(fields ?? {})),
    error: (message, fields) => seen.push(message + JSON.stringify(fields ?? {})),
  };
  const env = { SHOEBOX_PROVIDER: 'openrouter', SHOEBOX_BASE_URL: provider.url };
  assertLoopbackProvider(env);
  core = await createCore({
    dataDir: library.dataDir,
    env,
    mode: 'browser',
    log,
    writeFinishMs: 150,
  });
  core.events.subscribe((name, payload) => seen.push(name + JSON.stringify(payload)));
  const settings = await core.api['settings.setKey']({ provider: 'openrouter', key: KEY });
  expect([settings.hasKey, settings.keySource]).toEqual([true, 'stored']);
  seen.push(JSON.stringify(settings), JSON.stringify(await core.api['settings.get']({})));

  await core.api['folders.add']({ path: library.photos });
  await approveAll(core);
  // A 500 and a 402 on the way: error paths log too, and must not log the key either.
  await waitFor(
    'the pause for credits',
    async () => (await core!.api['queue.status']({})).paused || undefined,
  );
  await core.api['queue.resume']({});
  const status = await waitUntilSettled(core);
  expect(status.done).toBe(1);
  seen.push(JSON.stringify(await core.api['spend.report']({})), (await core.api['spend.ledgerCsv']({})).csv);

  expect(seen.length).toBeGreaterThan(5);
  expect(seen.filter((line) => line.includes(KEY))).toEqual([]);
  const keyFile = join(library.dataDir, 'keys.json');
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(readFileSync(keyFile, 'utf8')).toContain(KEY);
});
