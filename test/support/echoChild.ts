// A child-process entry for ChildWorker's own tests: tells its pid, echoes typed arrays, fails, or dies.
import { serveChild } from '../../electron/core/childWorker';

serveChild({
  pid: async () => process.pid,
  echo: async (values: Float32Array) => values,
  fail: async (why: string) => {
    throw new Error(why);
  },
  die: async () => process.exit(3),
});
