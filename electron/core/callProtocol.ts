// The calls a worker thread (workerPool.ts) or a child process (childWorker.ts) answers: a request names a
// method and its arguments, the reply carries the result or the error's message, matched by id.

export type Methods = Record<string, (...args: never[]) => Promise<unknown>>;
export type CallRequest = { id: number; method: string; args: unknown[] };
export type CallReply = { id: number; result?: unknown; error?: string };

/** Memory marked by handOver: moved to the other thread when its view crosses, not copied. */
const handedOver = new WeakSet<ArrayBufferLike>();

/**
 * Marks a view's memory to be moved, not copied, when the view crosses to a worker thread or back as a call's
 * argument or result (or a field of one): a photo's bytes crossed twice per photo, and each copy was garbage
 * for both threads' collectors. The sender's view is empty afterwards. Only a view that owns most of its
 * memory is marked: a small Buffer is a slice of Node's shared pool, which must stay where it is.
 */
export function handOver<T extends ArrayBufferView>(view: T): T {
  if (view.byteLength >= 4096 && view.buffer.byteLength <= 2 * view.byteLength) handedOver.add(view.buffer);
  return view;
}

/** The marked memory among a message's values (its own, an array's items and an object's fields). */
export function transfersIn(value: unknown, depth = 0): ArrayBuffer[] {
  if (value === null || typeof value !== 'object' || depth > 2) return [];
  if (ArrayBuffer.isView(value))
    return handedOver.has(value.buffer) && value.buffer instanceof ArrayBuffer ? [value.buffer] : [];
  const found = new Set<ArrayBuffer>();
  for (const item of Array.isArray(value) ? value : Object.values(value))
    for (const buffer of transfersIn(item, depth + 1)) found.add(buffer);
  return [...found];
}

/** The message handler of the side that does the work: runs the method asked for and sends its reply. */
export function answerCalls(
  methods: Methods,
  send: (reply: CallReply) => void,
): (request: CallRequest) => void {
  return (request) => {
    const method = methods[request.method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!method) return send({ id: request.id, error: `no method ${request.method}` });
    method(...request.args).then(
      (result) => send({ id: request.id, result }),
      (error: unknown) =>
        send({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}
