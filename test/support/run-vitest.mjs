// Runs vitest, then prints its totals as the plain "N passed, N failed" line that CI logs are read for —
// also when tests failed, which is when the line matters most.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const REPORT = 'test-results/vitest.json';
rmSync(REPORT, { force: true });
const vitestPackage = createRequire(import.meta.url).resolve('vitest/package.json');
const vitest = join(dirname(vitestPackage), 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });

if (!existsSync(REPORT)) {
  console.log('tests: 0 passed, 1 failed (vitest wrote no report)');
  process.exit(run.status || 1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
// A tier whose every test skipped itself (the Electron tier without its binary) says so and passes; a run
// that found no test at all fails.
const failed = report.numFailedTests > 0 || report.numTotalTests === 0 || run.status !== 0;
process.exit(failed ? 1 : 0);
