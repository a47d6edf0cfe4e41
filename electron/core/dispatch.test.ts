import { describe, expect, it } from 'vitest';
import { createTestCore, TEST_FOLDER } from '../../test/support/fakeCore';
import { dispatch } from './dispatch';
import type { Log } from './log';

function recordingLog(): Log & { errors: Array<{ message: string; fields?: Record<string, unknown> }> } {
  const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  return { errors, info() {}, warn() {}, error: (message, fields) => errors.push({ message, fields }) };
}

describe('dispatch', () => {
  it('answers a result, or an error of the right kind, and calls no handler with bad arguments', async () => {
    const core = createTestCore();
    const log = recordingLog();
    expect(await dispatch(core.api, 'folders.list', undefined, log)).toEqual({ ok: [TEST_FOLDER] });
    expect(await dispatch(core.api, 'folders.remove', { id: 7 }, log)).toEqual({ ok: null });
    expect(await dispatch(core.api, 'no.such', {}, log)).toEqual({
      error: { kind: 'invalid-argument', message: 'Unknown method: no.such' },
    });
    expect(await dispatch(core.api, 42, {}, log)).toHaveProperty('error.kind', 'invalid-argument');
    expect(await dispatch(core.api, 'folders.remove', { id: 'seven' }, log)).toHaveProperty(
      'error.kind',
      'invalid-argument',
    );
    expect(await dispatch(core.api, 'folders.remove', { id: 99 }, log)).toEqual({
      error: { kind: 'user', message: 'No folder with id 99' },
    });
    expect(core.calls.filter((call) => call.method === 'folders.remove')).toHaveLength(2);
    expect(log.errors).toEqual([]);
  });

  it('logs a bug with its stack and answers without it', async () => {
    const core = createTestCore();
    const log = recordingLog();
    const reply = await dispatch(core.api, 'queue.pause', {}, log);
    expect(reply).toEqual({
      error: { kind: 'internal', message: 'Something went wrong in queue.pause; see the log.' },
    });
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]!.message).toBe('api queue.pause failed');
    expect(String(log.errors[0]!.fields?.error)).toContain('/home/someone');
  });
});
