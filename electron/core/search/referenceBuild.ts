// The reference files (places, then the lexicon) built on a worker thread of their own. Reading GeoNames and
// WordNet whole takes a few hundred megabytes of heap for a few seconds; on the main thread that heap stayed
// resident long after (V8 sized its next collection by it) and a first scan's own work piled up on top of it.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildLexiconInTurns, lexiconFileName } from '../language/lexicon';
import { gazetteerFileName } from '../places/gazetteer';
import { WorkerPool, WorkerThreadError } from '../workerPool';

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
const BUILD_LIMITS = { maxOldGenerationSizeMb: 768 };

/** A worker ended mid-build cannot clean up after itself: its scratch files (named by this process) go here. */
function removeScratchLeftovers(folder: string): void {
  const ours = [lexiconFileName(), gazetteerFileName()].map((name) => `${name}.${process.pid}.`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.endsWith('.tmp') && ours.some((prefix) => name.startsWith(prefix)))
      rmSync(join(folder, name), { force: true });
  }
}

/**
 * Builds what is missing of the reference files in `folder` on a worker thread; where a worker cannot run,
 * the lexicon is built here in turns of the event loop (the places wait for their first use, as before).
 * An abort ends the worker and leaves nothing half-built.
 */
export async function buildReferenceFiles(folder: string, signal: AbortSignal): Promise<void> {
  const wanted = [lexiconFileName(), gazetteerFileName()].map((name) => join(folder, name));
  if (wanted.every((file) => existsSync(file))) return;
  const pool = new WorkerPool<ReferenceMethods>(entry(), {
    size: 1,
    idleMs: 0,
    resourceLimits: BUILD_LIMITS,
  });
  const stop = () => void pool.close();
  signal.addEventListener('abort', stop);
  try {
    await pool.call('buildPlaces', folder);
    await pool.call('buildLexicon', folder);
  } catch (error) {
    if (signal.aborted) return;
    if (!(error instanceof WorkerThreadError)) throw error;
    await buildLexiconInTurns(folder, signal);
  } finally {
    signal.removeEventListener('abort', stop);
    await pool.close();
    if (signal.aborted) removeScratchLeftovers(folder);
  }
}
