// electron-builder itself, run for real on this repository: its `dir` target lays out the unpacked app
// (app.asar beside app.asar.unpacked) exactly as every installer then wraps it. The one stand-in is the
// Electron distribution, which cannot be downloaded here: a directory with a placeholder `electron`
// executable. Fuses are left out of this run because they are flipped in the real binary's fuse wire, which
// a placeholder has not; packaging.test.ts checks that they are configured.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listPackage, extractFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuilderConfig, REPO_ROOT } from './builderConfig';
import { installedNativeFiles } from './nativeFiles';

const run = promisify(execFile);

describe.skipIf(process.platform !== 'linux')('electron-builder --linux dir', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-pack-'));
  const resources = join(scratch, 'out', 'linux-unpacked', 'resources');
  const archive = join(resources, 'app.asar');
  let entries: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'out', 'main', 'index.js'))) {
      throw new Error('Build the app first (npx electron-vite build); npm test does.');
    }
    const electronDist = join(scratch, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    const { electronFuses: _fuses, ...config } = readBuilderConfig();
    const configFile = join(scratch, 'electron-builder.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        ...config,
        electronDist,
        directories: { buildResources: 'resources', output: join(scratch, 'out') },
      }),
    );
    await run(
      join(REPO_ROOT, 'node_modules', '.bin', 'electron-builder'),
      ['--linux', 'dir', '--publish', 'never', '--config', configFile],
      { cwd: REPO_ROOT, env: { ...process.env, CI: 'true' }, timeout: 180_000 },
    );
    entries = listPackage(archive, { isPack: false }).map((entry) =>
      entry
        .replace(/^[\\/]/, '')
        .split(/[\\/]/)
        .join('/'),
    );
  }, 240_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('puts the built app and its package.json in app.asar, and no sources', () => {
    const manifest = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(entries).toContain(manifest.main);
    expect(entries).toEqual(expect.arrayContaining(['out/preload/index.cjs', 'out/renderer/index.html']));
    const ownFiles = entries.filter((entry) => !entry.startsWith('node_modules'));
    expect(ownFiles.filter((entry) => !/^(out(\/|$)|package\.json$)/.test(entry))).toEqual([]);
  });

  it('leaves every native file on disk in app.asar.unpacked, byte for byte', () => {
    const native = installedNativeFiles(REPO_ROOT);
    expect(native.length).toBeGreaterThan(0);
    const missing = native.filter((path) => {
      const unpacked = join(resources, 'app.asar.unpacked', path);
      return !existsSync(unpacked) || !readFileSync(unpacked).equals(readFileSync(join(REPO_ROOT, path)));
    });
    expect(missing).toEqual([]);
  });

  it('keeps plain JavaScript inside the archive', () => {
    expect(entries).toContain('node_modules/zod/package.json');
    expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'zod'))).toBe(false);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'out'))).toBe(false);
  });
});
