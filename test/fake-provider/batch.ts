// Mistral's batch API, faked: files upload (multipart, purpose "batch"), jobs create / get / cancel, and the
// output file download, at half the chat price. Lines can fail on demand (a share of them, chosen by their
// custom_id so a rerun fails the same ones) and a job can expire before it finishes, billing what it did.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BATCH_DISCOUNT = 0.5;

export interface BatchLineResult {
  status: number;
  body: unknown;
  /** What the line was billed (already at the batch price). */
  cost: number;
}

export interface BatchOptions {
  /** Share of lines that fail with a 500 inside the output file. */
  failureRate: number;
  /** How long a job takes per line before its results are ready. */
  msPerLine: number;
  /** Jobs expire (TIMEOUT_EXCEEDED) after this many lines; null: never. */
  expireAfterLines: number | null;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: Buffer;
}

interface Job {
  id: string;
  model: string;
  inputFile: string;
  status:
    'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'TIMEOUT_EXCEEDED' | 'CANCELLATION_REQUESTED' | 'CANCELLED';
  total: number;
  succeeded: number;
  failed: number;
  outputFile: string | null;
  createdAt: number;
  cancel: boolean;
}

export interface FakeBatchApi {
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<boolean>;
  options: BatchOptions;
  /** USD billed for batch lines so far. */
  billedUsd(): number;
  /** Lines billed so far. */
  billedLines(): number;
  jobs(): ReadonlyArray<Readonly<Job>>;
  close(): void;
}

export function createFakeBatchApi(deps: {
  basePath: string;
  authorized: (req: IncomingMessage) => boolean;
  /** Runs one line's chat body as the chat route would, at the batch price. */
  runLine: (body: unknown) => Promise<BatchLineResult>;
}): FakeBatchApi {
  const files = new Map<string, StoredFile>();
  const jobs = new Map<string, Job>();
  const options: BatchOptions = { failureRate: 0, msPerLine: 2, expireAfterLines: null };
  const timers = new Set<NodeJS.Timeout>();
  let billed = 0;
  let lines = 0;
  let serial = 0;

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function jobBody(job: Job): unknown {
    return {
      id: job.id,
      object: 'batch',
      input_files: [job.inputFile],
      endpoint: '/v1/chat/completions',
      model: job.model,
      status: job.status,
      created_at: Math.floor(job.createdAt / 1000),
      total_requests: job.total,
      completed_requests: job.succeeded + job.failed,
      succeeded_requests: job.succeeded,
      failed_requests: job.failed,
      output_file: job.outputFile,
      error_file: null,
      errors: [],
    };
  }

  function fails(customId: string): boolean {
    if (options.failureRate <= 0) return false;
    const n = createHash('sha256').update(customId).digest().readUInt32BE(0) / 0xffffffff;
    return n < options.failureRate;
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  async function run(job: Job): Promise<void> {
    const input = files.get(job.inputFile)!.bytes.toString('utf8').split('\n').filter(Boolean);
    job.status = 'RUNNING';
    const output: string[] = [];
    for (const [index, text] of input.entries()) {
      if (job.cancel) break;
      if (options.expireAfterLines !== null && index >= options.expireAfterLines) break;
      await wait(options.msPerLine);
      const line = JSON.parse(text) as { custom_id: string; body: Record<string, unknown> };
      let result: BatchLineResult;
      if (fails(line.custom_id)) {
        result = { status: 500, body: { object: 'error', message: 'Internal server error' }, cost: 0 };
      } else {
        result = await deps.runLine({ ...line.body, model: job.model });
      }
      if (result.status === 200) job.succeeded += 1;
      else job.failed += 1;
      billed += result.cost;
      if (result.cost > 0) lines += 1;
      output.push(
        JSON.stringify({
          id: `batch-line-${index}`,
          custom_id: line.custom_id,
          response: { status_code: result.status, body: result.body },
          error: result.status === 200 ? null : { message: 'the request failed', code: result.status },
        }),
      );
    }
    const id = `file-out-${(serial += 1)}`;
    files.set(id, {
      id,
      filename: `${job.id}.jsonl`,
      purpose: 'batch_result',
      bytes: Buffer.from(output.join('\n')),
    });
    job.outputFile = id;
    job.status = job.cancel
      ? 'CANCELLED'
      : options.expireAfterLines !== null && input.length > options.expireAfterLines
        ? 'TIMEOUT_EXCEEDED'
        : 'SUCCESS';
  }

  async function upload(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob))
      return json(res, 422, { detail: [{ loc: ['body', 'file'], msg: 'Field required' }] });
    const id = `file-${(serial += 1)}`;
    const stored: StoredFile = {
      id,
      filename: file instanceof File ? file.name : 'batch.jsonl',
      purpose: String(form.get('purpose') ?? ''),
      bytes: Buffer.from(await file.arrayBuffer()),
    };
    files.set(id, stored);
    json(res, 200, {
      id,
      object: 'file',
      bytes: stored.bytes.length,
      filename: stored.filename,
      purpose: stored.purpose,
    });
  }

  return {
    options,
    billedUsd: () => billed,
    billedLines: () => lines,
    jobs: () => [...jobs.values()],
    close() {
      for (const timer of timers) clearTimeout(timer);
      for (const job of jobs.values()) job.cancel = true;
    },
    async handle(req, res, path, body) {
      const base = deps.basePath;
      const isBatchRoute =
        path === `${base}/files` || path.startsWith(`${base}/files/`) || path.startsWith(`${base}/batch/`);
      if (!isBatchRoute) return false;
      if (!deps.authorized(req)) {
        json(res, 401, { object: 'error', message: 'Invalid API key', type: 'authentication_error' });
        return true;
      }
      if (req.method === 'POST' && path === `${base}/files`) {
        await upload(req, res, body);
        return true;
      }
      const content = new RegExp(`^${base}/files/([\\w-]+)/content$`).exec(path);
      if (req.method === 'GET' && content) {
        const file = files.get(content[1]!);
        if (!file) json(res, 404, { object: 'error', message: 'No such file' });
        else {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end(file.bytes);
        }
        return true;
      }
      if (req.method === 'POST' && path === `${base}/batch/jobs`) {
        const request = JSON.parse(body.toString('utf8') || '{}') as {
          input_files?: string[];
          model?: string;
        };
        const inputFile = request.input_files?.[0];
        if (!inputFile || !files.has(inputFile) || typeof request.model !== 'string') {
          json(res, 422, { object: 'error', message: 'input_files and model are required' });
          return true;
        }
        const total = files.get(inputFile)!.bytes.toString('utf8').split('\n').filter(Boolean).length;
        const job: Job = {
          id: `batch-${(serial += 1)}`,
          model: request.model,
          inputFile,
          status: 'QUEUED',
          total,
          succeeded: 0,
          failed: 0,
          outputFile: null,
          createdAt: Date.now(),
          cancel: false,
        };
        jobs.set(job.id, job);
        void run(job).catch(() => {
          job.status = 'FAILED';
        });
        json(res, 200, jobBody(job));
        return true;
      }
      const one = new RegExp(`^${base}/batch/jobs/([\\w-]+)(/cancel)?$`).exec(path);
      const job = one ? jobs.get(one[1]!) : undefined;
      if (!one || !job) {
        json(res, 404, { object: 'error', message: 'No such batch job' });
        return true;
      }
      if (req.method === 'POST' && one[2]) {
        job.cancel = true;
        if (job.status === 'QUEUED' || job.status === 'RUNNING') job.status = 'CANCELLATION_REQUESTED';
        json(res, 200, jobBody(job));
        return true;
      }
      json(res, 200, jobBody(job));
      return true;
    },
  };
}
