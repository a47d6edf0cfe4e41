// Run as `node <flags> --import tsx test/support/hashInChild.ts <file>`: hashes through the hash pool in a
// process started with the flags `npm run serve` uses, and prints whether the worker did it.
import { createHashPool } from '../../electron/core/library/hashPool';

const pool = createHashPool(1);
const hash = await pool.hash(process.argv[2]!);
console.log(JSON.stringify({ hash, offThread: pool.offThread }));
await pool.close();
