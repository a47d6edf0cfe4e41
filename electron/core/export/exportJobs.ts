import { mkdirSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { UserError } from '../../../shared/contract';
import type { ExportContent, ExportJob, ExportJobKind, ExportScope } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { EventBus } from '../events';
import type { ExportControl, ExportService } from './exportService';
import type { SidecarNaming } from './xmpSidecar';

/** At most this often (ms) a running job tells the windows how far it is. */
const PROGRESS_INTERVAL_MS = 250;
/**
 * Finished jobs remembered for the windows. A forgotten job's file in the data folder goes with it (a file
 * nobody can download any more would only fill the disk); one written where the user chose stays.
 */
const KEPT_FINISHED = 20;

export interface ExportJobRequest {
  kind: ExportJobKind;
  scope: ExportScope;
  content: ExportContent;
  naming?: SidecarNaming | undefined;
  backup?: boolean | undefined;
  /** CSV and JSON: where to write (the desktop's save dialog); without it, the data folder's exports/. */
  destination?: string | undefined;
}

export interface ExportJobs {
  start(request: ExportJobRequest): ExportJob;
  cancel(id: number): ExportJob;
  list(): ExportJob[];
  /** The finished table file of job `id`, for a download; null when there is none. */
  file(id: number): ExportJob['file'];
  /** Resolves when no job runs. */
  idle(): Promise<void>;
}

interface JobEntry {
  job: ExportJob;
  cancel: boolean;
  done: Promise<void>;
  /** The file written into the data folder, removed once the job is forgotten. */
  ownFile?: string | undefined;
}

function stamp(now: string): string {
  return now.slice(0, 19).replace(/:/g, '-');
}

/** Exports of any size as jobs: started at once, followed by `export.progress` events, cancellable. */
export function createExportJobs(deps: {
  exporter: ExportService;
  events: EventBus;
  clock: Clock;
  dataDir: string;
}): ExportJobs {
  const { exporter, events, clock } = deps;
  const exportsDir = join(deps.dataDir, 'exports');
  // Jobs live in memory: the files of an earlier run have no job to download them from.
  rmSync(exportsDir, { recursive: true, force: true });
  const jobs = new Map<number, JobEntry>();
  let nextId = 1;

  function snapshot(job: ExportJob): ExportJob {
    return structuredClone(job);
  }

  function forgetOld(): void {
    const finished = [...jobs.values()].filter((entry) => entry.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) {
      jobs.delete(entry.job.id);
      if (entry.ownFile !== undefined) rmSync(entry.ownFile, { force: true });
    }
  }

  function start(request: ExportJobRequest): ExportJob {
    const table = request.kind === 'csv' || request.kind === 'json';
    if (request.destination !== undefined && (!table || !isAbsolute(request.destination))) {
      throw new UserError('A destination is an absolute file path, and only for CSV and JSON exports.');
    }
    const now = isoNow(clock);
    const job: ExportJob = {
      id: nextId++,
      kind: request.kind,
      state: 'running',
      photosDone: 0,
      photosTotal: null,
      startedAt: now,
      finishedAt: null,
      outcome: null,
      file: null,
      error: null,
    };
    const entry: JobEntry = {
      job,
      cancel: false,
      done: Promise.resolve(),
    };
    let lastReport = 0;
    const report = (force = false) => {
      if (!force && clock.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = clock.now();
      events.emit('export.progress', snapshot(job));
    };
    const control: ExportControl = {
      started: (total) => {
        job.photosTotal = total;
        report(true);
      },
      photoDone: () => {
        job.photosDone++;
        report();
      },
      cancelled: () => entry.cancel,
    };
    entry.done = (async () => {
      try {
        if (request.kind === 'sidecars') {
          job.outcome = await exporter.sidecars(
            request.scope,
            request.content,
            request.naming ?? 'lightroom',
            control,
          );
        } else if (request.kind === 'embedded') {
          job.outcome = await exporter.embedded(
            request.scope,
            request.content,
            request.backup ?? true,
            control,
          );
        } else {
          const fileName = `shoebox-${stamp(now)}-${job.id}.${request.kind}`;
          let path = request.destination;
          if (path === undefined) {
            mkdirSync(exportsDir, { recursive: true, mode: 0o700 });
            path = join(exportsDir, fileName);
            entry.ownFile = path;
          }
          const photos = await exporter.tableToFile(
            request.scope,
            request.content,
            request.kind,
            path,
            control,
          );
          if (!entry.cancel) {
            job.file = {
              path,
              fileName,
              mimeType: request.kind === 'csv' ? 'text/csv' : 'application/json',
              photos,
            };
          }
        }
        job.state = entry.cancel ? 'cancelled' : 'done';
      } catch (error) {
        job.state = 'failed';
        job.error = error instanceof Error ? error.message : String(error);
      }
      job.finishedAt = isoNow(clock);
      report(true);
      forgetOld();
    })();
    jobs.set(job.id, entry);
    report(true);
    return snapshot(job);
  }

  function cancel(id: number): ExportJob {
    const entry = jobs.get(id);
    if (!entry) throw new UserError('There is no such export.');
    if (entry.job.state === 'running') entry.cancel = true;
    return snapshot(entry.job);
  }

  return {
    start,
    cancel,
    list: () => [...jobs.values()].map((entry) => snapshot(entry.job)),
    file: (id) => {
      const job = jobs.get(id)?.job;
      return job?.state === 'done' && job.file ? { ...job.file } : null;
    },
    idle: async () => {
      await Promise.all([...jobs.values()].map((entry) => entry.done));
    },
  };
}
