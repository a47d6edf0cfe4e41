// Child-process entry (a build entry of its own, see electron.vite.config.ts): the sentence encoder runs
// here, so a caption's 10 ms of arithmetic never holds the main thread, and its memory goes when it idles.
import { serveChild } from '../childWorker';
import { loadSentenceEncoder, type SentenceEncoder } from './sentenceEncoder';

let encoder: Promise<SentenceEncoder> | undefined;

serveChild({
  async embed(texts: string[]) {
    encoder ??= loadSentenceEncoder();
    return (await encoder).embed(texts);
  },
});
