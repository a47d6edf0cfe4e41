// A provider's reply read up to a limit. Whatever answers at the configured address decides how long its
// reply is; one that never ends (or sends a gigabyte) must not fill memory until the request times out.
import { LIMITS } from '../../../shared/contract';

/** Far above OpenRouter's full model list (a few MB), the largest reply a GET here expects. */
export const MAX_LIST_REPLY_BYTES = 16 * 1024 * 1024;
/** A key's or account's balance: a few hundred bytes. */
export const MAX_SMALL_REPLY_BYTES = 1024 * 1024;
/** A caption's reply is bounded by max_tokens (a few KB). */
export const MAX_CAPTION_REPLY_BYTES = 4 * 1024 * 1024;

/** A batch's results file: a line per photo, each a caption's reply and its envelope, well under 8 KB. */
export const MAX_BATCH_REPLY_BYTES = LIMITS.photosInBatch * 8 * 1024;

/** Thrown (through the reply's body) once a reply passes its limit. */
export class ReplyTooLargeError extends Error {
  constructor(maxBytes: number) {
    super(`its reply is too large (more than ${maxBytes / (1024 * 1024)} MB)`);
    this.name = 'ReplyTooLargeError';
  }
}

/** `body` as it arrives, ending in a ReplyTooLargeError once more than `maxBytes` have come. */
function limitBody(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new ReplyTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * `fetch` whose replies end in an error past `maxBytes`, for clients that read the body themselves (the
 * OpenAI SDK): the reply is cut off while it arrives, not gathered whole first.
 */
export function boundedFetch(maxBytes: number, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!response.body) return response;
    return new Response(limitBody(response.body, maxBytes), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** The reply's text, or an Error saying it is too large once more than `maxBytes` have arrived. */
export async function readBoundedReply(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ReplyTooLargeError(maxBytes);
  }
  if (!response.body) return '';
  return new Response(limitBody(response.body, maxBytes)).text();
}
