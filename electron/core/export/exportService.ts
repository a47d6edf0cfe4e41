import type { Database } from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, stat, unlink } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import type {
  ExportContent,
  ExportFailure,
  ExportOutcome,
  ExportScope,
  TableExport,
} from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import { hashFile } from '../library/hashFile';
import { recordFileStat, rehashPhoto } from '../stores/photosStore';
import type { EmbeddedWriter } from './embeddedWriter';
import { recordExportedWords } from './exportedWords';
import { ledgerCosts, loadExportRecords, type LoadedRecord } from '../stores/exportRecordsStore';
import { scopePhotoIds } from './exportScope';
import { writeSidecars } from './sidecarBlock';
import { CSV_HEADER, csvLine, exportCsv, exportJson, jsonPieces } from './tableExport';
import { SidecarFolders } from './sidecarFolders';
import { isEmpty, type SidecarNaming } from './xmpSidecar';
import {
  NO_CONTROL,
  newOutcome,
  noteWritten,
  reasonOf,
  sidecarContent,
  type ExportControl,
} from './exportOutcome';

export type { ExportControl } from './exportOutcome';

/** Photos loaded at a time: whole batches are cheap to query, and memory stays bounded. */
const BATCH = 5_000;

/** Photos loaded at a time by a job: small enough that one batch never holds the API for long. */
const JOB_BATCH = 200;

export interface ExportService {
  sidecars(
    scope: ExportScope,
    content: ExportContent,
    naming: SidecarNaming,
    control?: ExportControl,
  ): Promise<ExportOutcome>;
  embedded(
    scope: ExportScope,
    content: ExportContent,
    backup: boolean,
    control?: ExportControl,
  ): Promise<ExportOutcome>;
  table(scope: ExportScope, content: ExportContent, format: 'csv' | 'json'): TableExport;
  /** Streams the table to `path` (through a temp file, renamed once whole); the number of photos written. */
  tableToFile(
    scope: ExportScope,
    content: ExportContent,
    format: 'csv' | 'json',
    path: string,
    control?: ExportControl,
  ): Promise<number>;
  close(): Promise<void>;
}

/** A file stamp for export names: 2026-11-23T10-04-05. */
function stamp(clock: Clock): string {
  return isoNow(clock).slice(0, 19).replace(/:/g, '-');
}

export function createExportService(deps: {
  db: Database;
  clock: Clock;
  dataDir: string;
  writer: EmbeddedWriter;
}): ExportService {
  const { db, clock, writer } = deps;
  /** The scope's records in blocks of `size`, loaded a block at a time; stops at a cancel. */
  function* blocks(
    scope: ExportScope,
    content: ExportContent,
    control: ExportControl,
    size: number,
  ): Generator<LoadedRecord[]> {
    const ids = scopePhotoIds(db, scope);
    control.started(ids.length);
    const costs = ledgerCosts(db);
    for (let start = 0; start < ids.length; start += size) {
      if (control.cancelled()) return;
      yield loadExportRecords(db, ids.slice(start, start + size), content, costs);
    }
  }

  function* records(scope: ExportScope, content: ExportContent): Generator<LoadedRecord> {
    for (const block of blocks(scope, content, NO_CONTROL, BATCH)) yield* block;
  }

  /** For a job: small blocks, a turn of the event loop between them, and cancel honoured. */
  async function* jobBlocks(
    scope: ExportScope,
    content: ExportContent,
    control: ExportControl,
  ): AsyncGenerator<LoadedRecord[]> {
    for (const block of blocks(scope, content, control, JOB_BATCH)) {
      yield block;
      await nextTurn();
    }
  }

  async function* jobRecords(
    scope: ExportScope,
    content: ExportContent,
    control: ExportControl,
  ): AsyncGenerator<LoadedRecord> {
    for await (const block of jobBlocks(scope, content, control)) {
      for (const loaded of block) {
        if (control.cancelled()) return;
        yield loaded;
        control.photoDone();
      }
    }
  }

  /**
   * Writing into a file changes its bytes and so its identity. The catalogue follows at once, so the watcher
   * finds a known photo (no new caption, no new bill) when it sees the change.
   */
  async function followNewBytes(photoId: number, paths: string[]): Promise<void> {
    const hashAfter = await hashFile(paths[0]!);
    rehashPhoto(db, photoId, hashAfter);
    for (const path of paths) {
      const info = await stat(path);
      recordFileStat(db, path, info.size, Math.floor(info.mtimeMs));
    }
  }

  return {
    async sidecars(scope, content, naming, control = NO_CONTROL) {
      const outcome = newOutcome();
      const folders = new SidecarFolders();
      for await (const block of jobBlocks(scope, content, control)) {
        await writeSidecars(db, block, { naming, folders, control, outcome });
      }
      return outcome;
    },

    async embedded(scope, content, backup, control = NO_CONTROL) {
      const backupDir = backup ? join(deps.dataDir, 'backups', stamp(clock)) : null;
      const outcome = newOutcome(backupDir);
      for await (const { photoId, record } of jobRecords(scope, content, control)) {
        const sidecar = sidecarContent(record);
        if (isEmpty(sidecar)) {
          outcome.skipped++;
          continue;
        }
        const done: string[] = [];
        for (const path of [record.path, ...record.otherPaths]) {
          try {
            await writer.write(path, sidecar, { backupDir });
            done.push(path);
            noteWritten(outcome, path);
          } catch (error) {
            outcome.failed.push({ path, reason: reasonOf(error) } satisfies ExportFailure);
          }
        }
        if (done.length > 0) {
          recordExportedWords(db, photoId, record);
          await followNewBytes(photoId, done).catch((error: unknown) =>
            outcome.failed.push({ path: done[0]!, reason: `written, but not re-read: ${reasonOf(error)}` }),
          );
        }
      }
      return outcome;
    },

    table(scope, content, format) {
      const all = [...records(scope, content)].map((loaded) => loaded.record);
      const name = `shoebox-${stamp(clock)}.${format}`;
      return format === 'csv'
        ? { fileName: name, mimeType: 'text/csv', content: exportCsv(all), photos: all.length }
        : { fileName: name, mimeType: 'application/json', content: exportJson(all), photos: all.length };
    },

    async tableToFile(scope, content, format, path, control = NO_CONTROL) {
      const temp = `${path}.${process.pid}.partial`;
      const out = createWriteStream(temp, { mode: 0o600 });
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      let total = 0;
      let written = 0;
      try {
        const counting: ExportControl = {
          ...control,
          started: (n) => {
            total = n;
            control.started(n);
          },
        };
        const rows = jobRecords(scope, content, counting);
        const first = await rows.next();
        await write(format === 'csv' ? CSV_HEADER : jsonPieces.open(first.done ? 0 : total));
        for (let next = first; !next.done; next = await rows.next()) {
          await write(
            format === 'csv'
              ? csvLine(next.value.record)
              : jsonPieces.photo(next.value.record, written === 0),
          );
          written++;
        }
        if (format === 'json') await write(jsonPieces.close(written));
        out.end();
        await finished(out);
        // A cancelled export leaves no file that looks whole; a JSON one would claim photos it lacks.
        if (control.cancelled()) {
          await unlink(temp).catch(() => undefined);
          return written;
        }
        if (format === 'json' && written !== total) {
          throw new Error('Photos were removed while the export ran; export again.');
        }
        await rename(temp, path);
        return written;
      } catch (error) {
        out.destroy();
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },

    close: () => writer.close(),
  };
}
