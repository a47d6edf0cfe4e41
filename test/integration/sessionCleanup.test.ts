// A test whose browser cannot start must not leave the server it already started running.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserSession } from '../support/browserSession';

/** This process's children that are Shoebox servers, read from /proc. */
function serveChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (parent === process.pid && command.includes('electron/server/cli.ts')) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe.skipIf(process.platform !== 'linux')('browser session start-up', () => {
  const saved = process.env.SHOEBOX_CHROMIUM;
  afterEach(() => {
    process.env.SHOEBOX_CHROMIUM = saved;
  });

  it('stops the server it started when the browser cannot start', async () => {
    process.env.SHOEBOX_CHROMIUM = '/nonexistent/chromium';
    await expect(startBrowserSession()).rejects.toThrow(/SHOEBOX_CHROMIUM/);
    expect(serveChildren()).toEqual([]);
  }, 90_000);
});
