// The sidecar export beside bare writes of as many files, in rounds that alternate which goes first: on a
// disk shared with other work, whichever runs first after a burst of writes pays for flushing them, so a
// single pair says more about the order than about the export. Each round writes every sidecar anew, merges
// into all of them after a change of words (every one rewritten), then exports again with nothing changed.
// The bare writes go beside the sidecars, in the same folders, the way the export writes (sidecarWrites.ts)
// and with the same durability: new files to a temp file and a rename, replaced ones flushed before it.
import type { Database } from 'better-sqlite3';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { ExportScope } from '../../shared/types';
import { eachAtOnce } from '../../electron/core/export/atOnce';
import type { ExportService } from '../../electron/core/export/exportService';
import { FILE_OPERATIONS_AT_ONCE, GROUP } from '../../electron/core/export/sidecarWrites';
import { newSidecar, sidecarPath } from '../../electron/core/export/xmpSidecar';

export interface SidecarRound {
  written: number;
  newMs: number;
  bareNewMs: number;
  mergedMs: number;
  bareReplaceMs: number;
  unchangedMs: number;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs `a` and `b` in turn, `b` first when `swap`; their times in the order a, b. */
async function pair(swap: boolean, a: () => Promise<unknown>, b: () => Promise<unknown>) {
  if (!swap) return [await timed(a), await timed(b)] as const;
  const second = await timed(b);
  return [await timed(a), second] as const;
}

/**
 * Temp file and rename for each target, the way the export writes: a group of temp files written (and, when
 * `durable`, flushed) before they are renamed, as many file operations at once.
 */
async function bareWrites(targets: string[], xml: string, durable: boolean): Promise<void> {
  for (let start = 0; start < targets.length; start += GROUP) {
    const group = targets.slice(start, start + GROUP);
    const handles: FileHandle[] = [];
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, async (target, i) => {
      const handle = (handles[i] = await open(`${target}.tmp`, 'w'));
      await handle.writeFile(xml, 'utf8');
      if (!durable) await handle.close();
    });
    if (durable)
      await eachAtOnce(handles, FILE_OPERATIONS_AT_ONCE, async (handle) => {
        await handle.datasync();
        await handle.close();
      });
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, (target) => rename(`${target}.tmp`, target));
  }
}

export async function sidecarRounds(
  db: Database,
  exporter: ExportService,
  scope: ExportScope,
  tag: string,
  photoPaths: string[],
  rounds: number,
): Promise<SidecarRound[]> {
  const sidecars = photoPaths.map((path) => sidecarPath(path, 'digikam'));
  const bare = photoPaths.map((path) => `${path}.bare`);
  const xml = newSidecar({ caption: 'A dog on a beach at sunset.', tags: ['dog', 'beach', 'sunset', 'sea'] });
  const remove = (paths: string[]) =>
    eachAtOnce(paths, FILE_OPERATIONS_AT_ONCE, (path) => rm(path, { force: true }));
  // Suggested becomes accepted and back: the words of every photo with the tag change, so does its sidecar.
  const toggle = db.prepare(
    `UPDATE photo_tags SET state = CASE state WHEN 'accepted' THEN 'suggested' ELSE 'accepted' END WHERE tag = ?`,
  );
  const results: SidecarRound[] = [];
  for (let round = 0; round < rounds; round++) {
    await remove(sidecars);
    await remove(bare);
    const swap = round % 2 === 1;
    let written = 0;
    const [newMs, bareNewMs] = await pair(
      swap,
      async () => (written = (await exporter.sidecars(scope, 'suggestions', 'digikam')).written),
      () => bareWrites(bare, xml, false),
    );
    toggle.run(tag);
    const [mergedMs, bareReplaceMs] = await pair(
      !swap,
      () => exporter.sidecars(scope, 'suggestions', 'digikam'),
      () => bareWrites(bare, xml, true),
    );
    const unchangedMs = await timed(() => exporter.sidecars(scope, 'suggestions', 'digikam'));
    results.push({ written, newMs, bareNewMs, mergedMs, bareReplaceMs, unchangedMs });
  }
  return results;
}
