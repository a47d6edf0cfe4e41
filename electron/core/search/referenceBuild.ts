// The reference files (places, then the lexicon) built in a child process of their own (referenceWorker.ts).
// Reading GeoNames and WordNet whole takes a few hundred megabytes of heap for a few seconds; on the main
// thread that heap stayed resident long after (V8 sized its next collection by it) and a first scan's own work
// piled up on top of it, and on a worker thread it still counted in the app's process, at its peak.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildLexiconInTurns, lexiconFileName } from '../language/lexicon';
import { gazetteerFileName } from '../places/gazetteer';
import { ChildWorker, ChildWorkerError } from '../childWorker';

type ReferenceMethods = {
  buildPlaces(folder: string): Promise<void>;
  buildLexicon(folder: string): Promise<void>;
};

/** Beside this module in the sources (tsx, tests), beside the main bundle once built. */
function entry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './referenceWorker.ts' : './referenceWorker.js', here);
}

/** WordNet's synsets held at once while the lexicon is written: about 130 MB measured, with room to spare. */
const BUILD_HEAP_MB = 768;

/** A child ended mid-build cannot clean up after itself: its scratch files (named by its pid) go here. */
function removeScratchLeftovers(folder: string, builderPid: number): void {
  const ours = [lexiconFileName(), gazetteerFileName()].map((name) => `${name}.${builderPid}.`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    // SQLite's own -journal beside a scratch file is left too when the builder is killed mid-write.
    if (/\.tmp(-journal|-wal|-shm)?$/.test(name) && ours.some((prefix) => name.startsWith(prefix)))
      rmSync(join(folder, name), { force: true });
  }
}

/**
 * Builds what is missing of the reference files in `folder` in a child process; where one cannot run, the
 * lexicon is built here in turns of the event loop (the places wait for their first use, as before). An abort
 * ends the child and leaves nothing half-built.
 */
export async function buildReferenceFiles(folder: string, signal: AbortSignal): Promise<void> {
  const wanted = [lexiconFileName(), gazetteerFileName()].map((name) => join(folder, name));
  if (wanted.every((file) => existsSync(file))) return;
  const builder = new ChildWorker<ReferenceMethods>(entry(), { idleMs: 1_000, maxOldSpaceMb: BUILD_HEAP_MB });
  let builderPid: number | undefined;
  const stop = () => void builder.close();
  signal.addEventListener('abort', stop);
  try {
    const places = builder.call('buildPlaces', folder);
    builderPid = builder.pid;
    await places;
    await builder.call('buildLexicon', folder);
  } catch (error) {
    if (signal.aborted) return;
    if (!(error instanceof ChildWorkerError)) throw error;
    await buildLexiconInTurns(folder, signal);
  } finally {
    signal.removeEventListener('abort', stop);
    await builder.close();
    if (signal.aborted && builderPid !== undefined) removeScratchLeftovers(folder, builderPid);
  }
}
