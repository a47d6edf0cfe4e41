import { UserError, type Api, type Method } from '../../../shared/contract';
import type { DiskSpace } from './diskSpace';

/**
 * Every method, with a write that failed for lack of room answered in words ("The disk holding Shoebox's data
 * is full…") instead of an internal error, and the disk marked full so ingest and captioning hold off.
 */
export function withDiskFullAnswers(api: Api, disk: DiskSpace): Api {
  const wrapped: Partial<Record<Method, (args: never) => Promise<unknown>>> = {};
  for (const name of Object.keys(api) as Method[]) {
    const handler = api[name] as (args: unknown) => Promise<unknown>;
    wrapped[name] = async (args: unknown) => {
      try {
        return await handler(args);
      } catch (error) {
        if (disk.noteWriteError(error)) throw new UserError(disk.message() ?? 'The disk is full.');
        throw error;
      }
    };
  }
  return wrapped as Api;
}
