/** Debian's Chromium, started the way this offline machine needs (no background network, no sandbox as root). */
export const CHROMIUM_PATH = process.env.SHOEBOX_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
