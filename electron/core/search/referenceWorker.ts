// Child-process entry (a build entry of its own, see electron.vite.config.ts): the reference files built in a
// process of their own. Reading WordNet and GeoNames whole takes a few hundred megabytes for a few seconds; in
// a worker thread that memory was the app's process's (its peak, at a first scan's start) and stayed partly
// resident in its allocator after the thread ended, while a process's exit returns all of it.
import { buildLexiconFile } from '../language/lexicon';
import { buildGazetteerFile } from '../places/gazetteer';
import { serveChild } from '../childWorker';

serveChild({
  buildPlaces: async (folder: string) => buildGazetteerFile(folder),
  buildLexicon: async (folder: string) => buildLexiconFile(folder),
});
