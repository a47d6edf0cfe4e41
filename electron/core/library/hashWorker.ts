// Worker-thread entry (a build entry of its own, see electron.vite.config.ts): hashing, and the decode of a new
// photo's bytes (probe, thumbnail, fingerprint) and grouping's whole-picture identity decodes, off the main thread.
import { decodedPixelHash } from '../grouping/fingerprint';
import { serveWorker } from '../workerPool';
import { hashFile } from './hashFile';
import { readPhotoInWorker } from './readPhotoInWorker';
import { decodeForIngest } from './ingestDecode';

serveWorker({ hashFile, readPhoto: readPhotoInWorker, decodeForIngest, decodedPixelHash });
