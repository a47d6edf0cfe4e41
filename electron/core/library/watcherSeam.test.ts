// The library takes its file watcher through one small interface (WatchFolder), so another watcher can replace
// chokidar: whatever delivers added/changed/removed events gets the same handling.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FolderWatchEvents, WatchFolder } from './index';
import { copyCorpus, count, makeHarness, waitFor, type Harness } from '../../../test/support/libraryHarness';

const A = 'exif/makernote_canon.jpg';

let h: Harness;
afterEach(async () => {
  await h.cleanup();
});

describe('the watcher seam', () => {
  it('ingests and forgets through events from a watcher of its own', async () => {
    const watched: Array<{ root: string; events: FolderWatchEvents; closed: boolean }> = [];
    const handWatcher: WatchFolder = (root, _rules, events) => {
      const entry = { root, events, closed: false };
      watched.push(entry);
      return {
        ready: Promise.resolve(),
        close: async () => {
          entry.closed = true;
        },
      };
    };
    h = makeHarness({ library: { watchFolder: handWatcher } });
    const root = join(h.dir, 'Photos');
    copyCorpus(A, join(root, 'first.jpg'));
    await h.library.addFolder(root);
    await h.library.whenIdle();
    expect(watched.map((w) => w.root)).toEqual([root]);

    const later = copyCorpus(A, join(root, 'copy.jpg'));
    watched[0]!.events.added(later);
    await h.library.whenIdle();
    expect(count(h.db, 'SELECT count(*) FROM files WHERE photo_id IS NOT NULL')).toBe(2);

    rmSync(later);
    watched[0]!.events.removed(later);
    await waitFor(() => count(h.db, 'SELECT count(*) FROM files') === 1);

    await h.library.stop();
    expect(watched[0]!.closed).toBe(true);
  });
});
