// The main thread's cost of one caption request before it reaches the socket, for real 1600 px uploads: the
// data URL, the SDK client and the JSON body as Shoebox builds them now, against the same steps as they were
// (a base64 string, a client per call, the body stringified by the SDK and encoded again to UTF-8) in the same
// run. Main-thread CPU per request, the collector's included, alternating the two in rounds.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import sharp from 'sharp';
import { captionClient } from '../../electron/core/captioning/captionClient';
import { buildCaptionRequest } from '../../electron/core/captioning/request';
import { encodeRequestWithImage } from '../../electron/core/captioning/requestBody';
import { jpegDataUrl } from '../../electron/core/imaging/dataUrl';
import { boundedFetch, MAX_CAPTION_REPLY_BYTES } from '../../electron/core/providers/boundedReply';
import { fmt, printBlock, syntheticPhotos, threadCpuMs } from './benchSupport';

const RESOLVED = { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'bench-key' };
const CONTEXT = 'Grand-mère’s garden, the summer we moved.';

function build(url: string) {
  return buildCaptionRequest(
    'openrouter',
    'mistralai/pixtral-12b',
    url,
    CONTEXT,
    { language: 'en', preferredWords: ['garden', 'dog', 'beach'] },
    {
      fallbacks: ['mistralai/ministral-14b'],
      maxPrice: { inputPerMTok: 0.1, outputPerMTok: 0.1, perImage: 0 },
    },
  );
}

/** As a request was made before: what fetch was handed, and the client that would send it. */
function before(jpeg: Buffer): number {
  const dataUrl = `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  const client = new OpenAI({
    baseURL: RESOLVED.baseUrl,
    apiKey: RESOLVED.apiKey,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: 90_000,
    fetch: boundedFetch(MAX_CAPTION_REPLY_BYTES, fetch),
  });
  // The SDK stringified the body; fetch encoded the string to UTF-8 (and copied nothing else).
  const body = Buffer.from(JSON.stringify(build(dataUrl)));
  return body.length + (client.maxRetries === 0 ? 0 : 1);
}

/** As a request is made now (fetch copies the bytes it is handed, then and now alike). */
function now(jpeg: Buffer): number {
  const client = captionClient(RESOLVED, 90_000, fetch);
  const body = encodeRequestWithImage(build, jpegDataUrl(jpeg));
  return body.length + (client.maxRetries === 0 ? 0 : 1);
}

function round(way: (jpeg: Buffer) => number, jpegs: Buffer[]): { ms: number; bytes: number } {
  let bytes = 0;
  const start = threadCpuMs();
  for (const jpeg of jpegs) bytes += way(jpeg);
  return { ms: (threadCpuMs() - start) / jpegs.length, bytes };
}

export async function main(rounds = Number(process.env.BENCH_REQUEST_ROUNDS ?? 20)) {
  const dir = await syntheticPhotos(96, 1600);
  // The uploads as sharp makes them (JPEG at quality 85), decoded and encoded once, outside the rounds.
  const jpegs = await Promise.all(
    readdirSync(dir)
      .slice(0, 48)
      .map((name) =>
        sharp(readFileSync(join(dir, name)))
          .jpeg({ quality: 85 })
          .toBuffer(),
      ),
  );
  const sizes = { before: 0, now: 0 };
  const times = { before: [] as number[], now: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const a = round(before, jpegs);
    const b = round(now, jpegs);
    times.before.push(a.ms);
    times.now.push(b.ms);
    sizes.before = a.bytes;
    sizes.now = b.bytes;
  }
  if (sizes.before !== sizes.now)
    throw new Error(`the bodies differ in size: ${sizes.before} / ${sizes.now}`);
  const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)]!;
  const was = median(times.before);
  const is = median(times.now);
  const kb = jpegs.reduce((sum, jpeg) => sum + jpeg.length, 0) / jpegs.length / 1024;
  printBlock(
    `Caption request up to the socket: ${jpegs.length} uploads of 1600 px (${fmt(kb, 0)} KB JPEG on average)`,
    [
      [
        'before (base64 string, client per call, body stringified)',
        `${fmt(was, 2)} ms main-thread CPU a request`,
      ],
      [
        'now (data URL bytes, one client, body spliced)',
        `${fmt(is, 2)} ms (ratio ${fmt(is / was, 2)}; medians of ${rounds} rounds)`,
      ],
    ],
  );
  return { beforeMs: was, nowMs: is, ratio: is / was };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
