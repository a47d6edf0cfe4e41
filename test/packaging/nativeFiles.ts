// Every file of the production dependencies that the app must find on a real disk at run time: native
// addons and the shared libraries they link (which cannot be loaded from inside app.asar), and exiftool,
// a Perl script that Perl runs together with its library of modules.
import { openSync, readSync, closeSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Packages whose `bin/` is read from disk by an outside program (perl, or exiftool.exe on Windows). */
export const EXTERNAL_PROGRAM_PACKAGES = ['exiftool-vendored.pl', 'exiftool-vendored.exe'];

interface LockfilePackage {
  dev?: boolean;
  optional?: boolean;
}

/** Lockfile keys ("node_modules/…") of every package a production install has, installed here or not. */
export function productionPackages(repoRoot: string): string[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockfilePackage>;
  };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev)
    .map(([key]) => key);
}

const NATIVE_NAME = /\.(node|dll|dylib|exe)$|\.so(\.\d+)*$/;

/** ELF, Mach-O (32/64-bit, either byte order, universal) or a Windows PE image. */
function hasBinaryMagic(path: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, head, 0, 4, 0) < 4) return false;
  } finally {
    closeSync(fd);
  }
  const word = head.readUInt32BE(0);
  return (
    word === 0x7f454c46 ||
    [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word) ||
    (head[0] === 0x4d && head[1] === 0x5a)
  );
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Paths relative to the repository (forward slashes) of the run-time native files installed here. */
export function installedNativeFiles(repoRoot: string): string[] {
  const found: string[] = [];
  for (const key of productionPackages(repoRoot)) {
    const dir = join(repoRoot, key);
    if (!existsSync(dir)) continue; // an optional package for another platform
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const external = EXTERNAL_PROGRAM_PACKAGES.includes(name);
    for (const file of walk(dir)) {
      const parts = relative(dir, file).split(/[\\/]/);
      if (parts.includes('node_modules')) continue; // a nested package, listed under its own lockfile key
      if ((external && parts[0] === 'bin') || NATIVE_NAME.test(file) || hasBinaryMagic(file)) {
        found.push(relative(repoRoot, file).split(/[\\/]/).join('/'));
      }
    }
  }
  return found.sort();
}
