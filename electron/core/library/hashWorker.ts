// Worker-thread entry (a build entry of its own, see electron.vite.config.ts): hashing off the main thread.
import { serveWorker } from '../workerPool';
import { hashFile, readPhoto } from './hashFile';

serveWorker({ hashFile, readPhoto });
