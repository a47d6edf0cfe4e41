// Chooses the end-to-end tests' browser once per run, before the workers start, so parallel test files
// neither search again nor race to unpack the packaged Chromium; every worker inherits SHOEBOX_CHROMIUM.
import { findChromium } from './chromium';

export default async function setup(): Promise<void> {
  const found = await findChromium();
  process.env.SHOEBOX_CHROMIUM = found.path;
  console.log(`end-to-end browser: ${found.path} (${found.source})`);
}
