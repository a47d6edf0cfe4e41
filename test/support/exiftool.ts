// The exiftool the tests read files back with: SHOEBOX_EXIFTOOL when set, else the copy exiftool-vendored
// brings (Perl on Linux and macOS, the .exe on Windows), so a fresh clone needs no system exiftool.
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function vendoredExiftool(): { file: string; prefix: string[] } {
  const require = createRequire(import.meta.url);
  if (process.platform === 'win32') {
    const dir = dirname(require.resolve('exiftool-vendored.exe/package.json'));
    return { file: join(dir, 'bin', 'exiftool.exe'), prefix: [] };
  }
  const dir = dirname(require.resolve('exiftool-vendored.pl/package.json'));
  return { file: 'perl', prefix: [join(dir, 'bin', 'exiftool')] };
}

export function exiftoolCommand(): { file: string; prefix: string[] } {
  const explicit = process.env.SHOEBOX_EXIFTOOL;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`SHOEBOX_EXIFTOOL=${explicit} does not exist`);
    return { file: explicit, prefix: [] };
  }
  return vendoredExiftool();
}

/** Runs exiftool with the given arguments and returns what it printed. */
export function runExiftool(args: string[], options: ExecFileSyncOptions = {}): string {
  const { file, prefix } = exiftoolCommand();
  return execFileSync(file, [...prefix, ...args], { encoding: 'utf8', ...options }).toString();
}
