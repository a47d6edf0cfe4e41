// Browser mode: every API method is `POST /api/<method>` with the arguments as the JSON body. Failures come
// back as a WireError body, which becomes an ApiError carrying the server's human-readable message.
// Type-only imports: the contract's runtime part is zod, which the UI does not need (and which probes
// `new Function`, something the renderer's CSP rightly forbids).
import type { Api, Method, WireError } from '../../../shared/contract';

export type ErrorKind = WireError['error']['kind'] | 'network';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status: number | null,
  ) {
    super(message);
  }
}

function isWireError(body: unknown): body is WireError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function kindForStatus(status: number): ErrorKind {
  if (status === 400) return 'invalid-argument';
  if (status >= 400 && status < 500) return 'user';
  return 'internal';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function callHttp(
  fetchImpl: typeof fetch,
  baseUrl: string,
  method: Method,
  args: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(`${baseUrl}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args ?? {}),
    });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ApiError(`Shoebox is not reachable (${detail}). Is the server still running?`, 'network', null);
  }
  const body = await readJson(response);
  if (!response.ok) {
    if (isWireError(body)) {
      const kind = body.error.kind ?? kindForStatus(response.status);
      throw new ApiError(body.error.message, kind, response.status);
    }
    const reason = response.statusText ? ` ${response.statusText}` : '';
    throw new ApiError(
      `${method} failed: HTTP ${response.status}${reason}`,
      kindForStatus(response.status),
      response.status,
    );
  }
  // JSON has no undefined: a handler returning null arrives as "null"; an empty body means the same.
  return body === undefined ? null : body;
}

/** An Api whose every method is a POST to `${baseUrl}/api/<method>` ('' means this origin). */
export function createHttpApi(fetchImpl: typeof fetch, baseUrl = ''): Api {
  // Any method name the types allow becomes a POST; the server rejects names it does not know.
  const cache = new Map<string, (args: unknown) => Promise<unknown>>();
  const target = {} as Api;
  return new Proxy(target, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let call = cache.get(name);
      if (!call) {
        call = (args) => callHttp(fetchImpl, baseUrl, name as Method, args);
        cache.set(name, call);
      }
      return call;
    },
  });
}
