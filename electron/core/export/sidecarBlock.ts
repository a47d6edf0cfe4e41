// One block of an export's photos written as sidecars. The block's earlier exports are read in one query
// and its words recorded in one transaction once its files are written (recorded after, never before: a
// crash in between leaves words in files that Shoebox no longer claims, which keeps them, rather than claims
// on words it never wrote, which could take a user's word out). Several sidecars are written at once, since
// each is a handful of small file operations that mostly wait on the disk; the outcome still lists them in
// catalogue order.
import type { Database } from 'better-sqlite3';
import type { ExportFailure, ExportOutcome } from '../../../shared/types';
import type { LoadedRecord } from '../stores/exportRecordsStore';
import { loadExportedWordsOf, recordExportedWordsOf } from './exportedWords';
import { noteWritten, reasonOf, sidecarContent, type ExportControl } from './exportOutcome';
import type { SidecarFolders } from './sidecarFolders';
import { writeSidecar, type SidecarNaming } from './xmpSidecar';

/** Sidecars being written at once: enough to keep libuv's four file threads busy while the next is prepared. */
export const SIDECARS_AT_ONCE = 8;

interface PhotoResult {
  written: string[];
  failed: ExportFailure[];
}

export async function writeSidecars(
  db: Database,
  block: readonly LoadedRecord[],
  job: { naming: SidecarNaming; folders: SidecarFolders; control: ExportControl; outcome: ExportOutcome },
): Promise<void> {
  const { naming, folders, control, outcome } = job;
  const earlier = loadExportedWordsOf(
    db,
    block.map((loaded) => loaded.photoId),
  );
  const results: Array<PhotoResult | undefined> = new Array(block.length);
  let next = 0;
  const worker = async () => {
    while (next < block.length && !control.cancelled()) {
      const at = next++;
      const { photoId, record } = block[at]!;
      const result: PhotoResult = { written: [], failed: [] };
      const sidecar = sidecarContent(record);
      for (const path of [record.path, ...record.otherPaths]) {
        try {
          const written = await writeSidecar(path, sidecar, naming, earlier.get(photoId), folders);
          if (written !== null) result.written.push(written);
        } catch (error) {
          result.failed.push({ path, reason: reasonOf(error) });
        }
      }
      results[at] = result;
      control.photoDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIDECARS_AT_ONCE, block.length) }, worker));

  const wrote: LoadedRecord[] = [];
  block.forEach((loaded, at) => {
    const result = results[at];
    if (!result) return; // cancelled before its turn
    for (const path of result.written) noteWritten(outcome, path);
    outcome.failed.push(...result.failed);
    if (result.written.length > 0) wrote.push(loaded);
    else if (result.failed.length === 0) outcome.skipped++;
  });
  recordExportedWordsOf(db, wrote);
}
