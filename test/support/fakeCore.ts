// A Core-shaped object for the shell's tests: the real EventBus and contract types, handlers returning real
// values, images from real files in a temp dir. Not a test itself (vitest runs *.test.ts only).
import { methods, UserError, type Api } from '../../shared/contract';
import type { Folder } from '../../shared/types';
import type { Core, ImageSize } from '../../electron/core/coreInterface';
import { EventBus } from '../../electron/core/events';

export const TEST_FOLDER: Folder = {
  id: 7,
  path: '/photos/2024',
  addedAt: '2026-01-01T00:00:00.000Z',
  photoCount: 12,
  unreadableCount: 1,
  state: 'watching',
  localOnly: false,
  error: null,
};

export function createTestCore(images: Record<string, { path: string; mime: string }> = {}): Core & {
  calls: Array<{ method: string; args: unknown }>;
} {
  const calls: Array<{ method: string; args: unknown }> = [];
  const api = Object.fromEntries(
    methods.map((method) => [
      method,
      async (args: unknown) => {
        calls.push({ method, args });
        throw new UserError(`${method} is not available in this test`);
      },
    ]),
  ) as unknown as Api;
  api['folders.list'] = async (args) => {
    calls.push({ method: 'folders.list', args });
    return [TEST_FOLDER];
  };
  api['folders.remove'] = async ({ id }) => {
    calls.push({ method: 'folders.remove', args: { id } });
    if (id !== TEST_FOLDER.id) throw new UserError(`No folder with id ${id}`);
    return null;
  };
  api['queue.pause'] = async () => {
    throw new Error('SQLITE_BUSY at /home/someone/.config/Shoebox');
  };
  return {
    api,
    events: new EventBus(),
    calls,
    image: async (hash: string, size: ImageSize) => images[`${size}/${hash}`] ?? null,
    stop: async () => {},
  };
}
