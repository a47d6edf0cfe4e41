// Worker-thread entry (a build entry of its own, see electron.vite.config.ts): the reference files built off
// the main thread, so the heap that reading WordNet and GeoNames whole takes is the worker's, freed as it ends.
import { buildLexiconFile } from '../language/lexicon';
import { buildGazetteerFile } from '../places/gazetteer';
import { serveWorker } from '../workerPool';

serveWorker({
  buildPlaces: async (folder: string) => buildGazetteerFile(folder),
  buildLexicon: async (folder: string) => buildLexiconFile(folder),
});
