// One block of an export's photos written as sidecars. The block's earlier exports are read in one query
// and its words recorded in one transaction once its files are written (recorded after, never before: a
// crash in between leaves words in files that Shoebox no longer claims, which keeps them, rather than claims
// on words it never wrote, which could take a user's word out). Sidecars are read and written several at
// once, since each is a handful of small file operations that mostly wait on the disk; the outcome still
// lists them in catalogue order.
import type { Database } from 'better-sqlite3';
import type { ExportFailure, ExportOutcome } from '../../../shared/types';
import type { LoadedRecord } from '../stores/exportRecordsStore';
import { eachAtOnce } from './atOnce';
import { loadExportedWordsOf, recordExportedWordsOf, type ExportedWords } from './exportedWords';
import { noteWritten, reasonOf, sidecarContent, type ExportControl } from './exportOutcome';
import type { SidecarFolders } from './sidecarFolders';
import {
  FILE_OPERATIONS_AT_ONCE,
  GROUP,
  putInPlace,
  type SidecarWrite,
  type WriteResult,
} from './sidecarWrites';
import { planSidecar, sidecarPath, writeSidecar, type SidecarNaming } from './xmpSidecar';

interface PhotoResult {
  written: string[];
  failed: ExportFailure[];
}

/** One photo's file whose sidecar is to be written. */
interface Task {
  at: number;
  path: string;
  /** Lower case: on a case-insensitive disk two spellings are one sidecar. */
  key: string;
}

interface Job {
  naming: SidecarNaming;
  folders: SidecarFolders;
  control: ExportControl;
  outcome: ExportOutcome;
}

export async function writeSidecars(db: Database, block: readonly LoadedRecord[], job: Job): Promise<void> {
  const earlier = loadExportedWordsOf(
    db,
    block.map((loaded) => loaded.photoId),
  );
  const results = new Map<number, PhotoResult>();
  let waiting = block.flatMap(({ record }, at) =>
    [record.path, ...record.otherPaths].map((path) => ({
      at,
      path,
      key: sidecarPath(path, job.naming).toLowerCase(),
    })),
  );
  // A photo and its raw twin share a Lightroom sidecar: the second merges into what the first wrote, so a
  // sidecar is written at most once per wave.
  while (waiting.length > 0 && !job.control.cancelled()) {
    const keys = new Set<string>();
    const wave: Task[] = [];
    const later: Task[] = [];
    for (const task of waiting) {
      (keys.has(task.key) ? later : wave).push(task);
      keys.add(task.key);
    }
    await writeWave(wave, block, earlier, results, job);
    waiting = later;
  }

  const wrote: LoadedRecord[] = [];
  block.forEach((loaded, at) => {
    const result = results.get(at);
    if (!result) return; // cancelled before its turn
    for (const path of result.written) noteWritten(job.outcome, path);
    job.outcome.failed.push(...result.failed);
    if (result.written.length > 0) wrote.push(loaded);
    else if (result.failed.length === 0) job.outcome.skipped++;
    job.control.photoDone();
  });
  recordExportedWordsOf(db, wrote);
}

async function writeWave(
  wave: readonly Task[],
  block: readonly LoadedRecord[],
  earlier: Map<number, ExportedWords>,
  results: Map<number, PhotoResult>,
  job: Job,
): Promise<void> {
  const resultOf = (task: Task) => {
    let result = results.get(task.at);
    if (!result) results.set(task.at, (result = { written: [], failed: [] }));
    return result;
  };
  const failed = (task: Task, error: unknown) =>
    resultOf(task).failed.push({ path: task.path, reason: reasonOf(error) });
  const contentOf = (task: Task) => sidecarContent(block[task.at]!.record);
  const earlierOf = (task: Task) => earlier.get(block[task.at]!.photoId);

  const plan = async (tasks: readonly Task[]) => {
    const writes: Array<{ task: Task; write: SidecarWrite }> = [];
    await eachAtOnce(tasks, FILE_OPERATIONS_AT_ONCE, async (task) => {
      try {
        const planned = await planSidecar(
          task.path,
          contentOf(task),
          job.naming,
          earlierOf(task)!,
          job.folders,
        );
        if (planned.kind === 'nothing') resultOf(task);
        else if (planned.kind === 'unchanged') resultOf(task).written.push(planned.target);
        else writes.push({ task, write: planned });
      } catch (error) {
        failed(task, error);
      }
    });
    return writes;
  };
  // Reading and merging the next group overlaps with flushing the one before: one waits on the disk, the
  // other mostly on the CPU. The targets of a wave are distinct, so its groups never touch one sidecar.
  const writes: Array<{ task: Task; write: SidecarWrite }> = [];
  const outcomes: WriteResult[] = [];
  let putting = Promise.resolve();
  for (let start = 0; start < wave.length; start += GROUP) {
    const planned = await plan(wave.slice(start, start + GROUP));
    writes.push(...planned);
    putting = putting.then(async () => {
      outcomes.push(
        ...(await putInPlace(
          planned.map((w) => w.write),
          job.folders,
        )),
      );
    });
  }
  await putting;
  for (const [i, outcome] of outcomes.entries()) {
    const { task, write } = writes[i]!;
    if (outcome === 'written') resultOf(task).written.push(write.target);
    else if (outcome instanceof Error) failed(task, outcome);
    else {
      // A sidecar appeared since the folder was listed (rare): this one is merged into on its own.
      try {
        const written = await writeSidecar(
          task.path,
          contentOf(task),
          job.naming,
          earlierOf(task),
          job.folders,
        );
        if (written !== null) resultOf(task).written.push(written);
        else resultOf(task);
      } catch (error) {
        failed(task, error);
      }
    }
  }
}
