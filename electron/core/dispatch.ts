// The one way a call reaches a handler, whatever carried it (IPC or HTTP): find the method, check its
// arguments against the schema, call the handler, and sort a failure into the user's fault, the caller's
// fault or a bug (logged, never shown: a stack would leak paths). Transports only put the answer on their wire.
import { isMethod, UserError, type Api, type ErrorKind, type WireError } from '../../shared/contract';
import { argSchemas } from '../../shared/contractSchemas';
import { describeValidationError } from '../../shared/validationMessage';
import type { ApiReply } from '../../shared/bridge';
import type { Log } from './log';

/** A handler's result (null for none), or the error the caller should read. */
export type DispatchReply = ApiReply;

export async function dispatch(api: Api, method: unknown, args: unknown, log: Log): Promise<DispatchReply> {
  if (typeof method !== 'string' || !isMethod(method)) {
    return wireError('invalid-argument', `Unknown method: ${String(method)}`);
  }
  const parsed = argSchemas[method].safeParse(args ?? {});
  if (!parsed.success) return wireError('invalid-argument', describeValidationError(parsed.error));
  try {
    // The schema for `method` produced these args, so the handler for `method` accepts them.
    const handler = api[method] as (a: unknown) => Promise<unknown>;
    return { ok: (await handler(parsed.data)) ?? null };
  } catch (error) {
    if (isUserError(error)) return wireError('user', error.message);
    log.error(`api ${method} failed`, {
      error: error instanceof Error ? (error.stack ?? error.message) : error,
    });
    return wireError('internal', `Something went wrong in ${method}; see the log.`);
  }
}

/** A UserError, also one that crossed a module boundary as a plain Error named so. */
export function isUserError(error: unknown): error is Error {
  return error instanceof UserError || (error instanceof Error && error.name === 'UserError');
}

export function wireError(kind: ErrorKind, message: string): WireError {
  return { error: { kind, message } };
}
