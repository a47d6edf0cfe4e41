// Worker-thread entry (a build entry of its own, see electron.vite.config.ts): hashing, and the decode of a new
// photo's bytes (probe, thumbnail, fingerprint), off the main thread.
import { serveWorker } from '../workerPool';
import { hashFile, readPhoto } from './hashFile';
import { decodeForIngest } from './ingestDecode';

serveWorker({ hashFile, readPhoto, decodeForIngest });
