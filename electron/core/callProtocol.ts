// The calls a worker thread (workerPool.ts) or a child process (childWorker.ts) answers: a request names a
// method and its arguments, the reply carries the result or the error's message, matched by id.

export type Methods = Record<string, (...args: never[]) => Promise<unknown>>;
export type CallRequest = { id: number; method: string; args: unknown[] };
export type CallReply = { id: number; result?: unknown; error?: string };

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
