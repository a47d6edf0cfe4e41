// A tiny OpenAI-compatible chat server for unit tests of the provider client and the queue: it plays back
// scripted replies in order (or one chosen from the request) and records what it was sent. The full fake
// provider (test/fake-provider/) is for the app as a whole; this one lets a test say exactly what comes back.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON, or as it is when a string (a broken body, say). */
  body: unknown;
}

export interface ScriptedRequest {
  body: Record<string, unknown>;
  /** The body as it came, byte for byte (decoded as UTF-8). */
  text: string;
  headers: IncomingMessage['headers'];
}

/** The nth request (from 1) and its JSON body. */
export type ReplyFor = (n: number, request: ScriptedRequest) => ScriptedReply;

export interface ScriptedProvider {
  /** The base URL, `http://127.0.0.1:<port>/v1`: loopback only. */
  url: string;
  requests: ScriptedRequest[];
  /** The most requests that were open at once. */
  stats: { inFlight: number; maxInFlight: number };
  close(): Promise<void>;
}

/**
 * Request n gets `script[n - 1]` (a reply, or a function of n and the request), then `fallback`; past both the
 * server answers 500 "script exhausted".
 */
export async function startScriptedProvider(
  script: readonly (ScriptedReply | ReplyFor)[],
  fallback?: ScriptedReply | ReplyFor,
): Promise<ScriptedProvider> {
  const stats = { inFlight: 0, maxInFlight: 0 };
  const requests: ScriptedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Whole before decoding: a character split between two chunks must not be decoded in halves.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const request = { body: JSON.parse(text) as Record<string, unknown>, text, headers: req.headers };
      requests.push(request);
      const step = script[requests.length - 1] ?? fallback;
      if (!step) {
        res.writeHead(500).end('{"error":{"message":"script exhausted"}}');
        return;
      }
      const reply = typeof step === 'function' ? step(requests.length, request) : step;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      setTimeout(() => {
        stats.inFlight -= 1;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
