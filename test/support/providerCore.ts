// A core on a fresh temp library, pointed at a fresh fake provider and set up as a test says (provider, model,
// key, fallbacks), for integration tests that drive one provider set-up per test. What a test started is
// stopped after it, also when it fails: the core first, then the provider, then the library's files.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import type { ProviderId } from '../../shared/types';
import { startFakeProvider, type FakeProvider, type FakeProviderOptions } from '../fake-provider/server';
import { approveAll, startCore } from './coreHarness';
import { corpusPath } from './corpus';
import { makeTempLibrary, type TempLibrary } from './tempLibrary';

export interface ProviderSetup {
  provider: ProviderId;
  model?: string;
  fallbackModels?: string[];
  /** 'good-key' unless said. */
  key?: string;
  /** 1024 unless said. */
  uploadMaxPx?: number;
}

export interface ProviderCore {
  core: Core;
  provider: FakeProvider;
  library: TempLibrary;
  /** A folder under the library's root holding copies of the given corpus files. */
  photoFolder(name: string, files: string[]): string;
  /** Adds a folder of copies of `files` and says yes to the estimate. */
  captionFolder(name: string, files: string[]): Promise<void>;
}

/**
 * Call once at the top of a test file: returns `start`, which a test calls for its set-up. Retries are fast
 * (`SHOEBOX_RETRY_BASE_MS` 20) so a test of failures does not wait out real back-off.
 */
export function providerCores(): (
  options: FakeProviderOptions,
  setup: ProviderSetup,
) => Promise<ProviderCore> {
  const stops: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  });

  return async (options, setup) => {
    const provider = await startFakeProvider(options);
    stops.push(() => provider.close());
    const library = makeTempLibrary([]);
    stops.push(() => library.remove());
    const core = await startCore(library.dataDir, {
      SHOEBOX_BASE_URL: provider.url,
      SHOEBOX_RETRY_BASE_MS: '20',
    });
    stops.push(() => core.stop());
    await core.api['settings.update']({
      provider: setup.provider,
      ...(setup.model === undefined ? {} : { model: setup.model }),
      ...(setup.fallbackModels === undefined ? {} : { fallbackModels: setup.fallbackModels }),
      uploadMaxPx: setup.uploadMaxPx ?? 1024,
    });
    await core.api['settings.setKey']({ provider: setup.provider, key: setup.key ?? 'good-key' });
    const photoFolder = (name: string, files: string[]) => {
      const dir = join(library.root, name);
      mkdirSync(dir);
      for (const file of files) copyFileSync(corpusPath(file), join(dir, file.split('/').at(-1)!));
      return dir;
    };
    return {
      core,
      provider,
      library,
      photoFolder,
      async captionFolder(name, files) {
        await core.api['folders.add']({ path: photoFolder(name, files) });
        await approveAll(core);
      },
    };
  };
}
