// electron-builder itself, run for real on this repository: its `dir` target lays out the unpacked app
// (app.asar beside app.asar.unpacked) exactly as every installer then wraps it, and flips the fuses. The one
// stand-in is the Electron executable, which cannot be downloaded here: a shell script that carries a fuse
// wire in Electron's format, set as Electron ships it.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuilderConfig, REPO_ROOT, shipsDependencyFile } from './builderConfig';
import { ELECTRON_DEFAULT_FUSES, fuseWireBytes, readFuseWire } from './fuseWire';
import { installedNativeFiles } from './nativeFiles';

const run = promisify(execFile);

describe.skipIf(process.platform !== 'linux')('electron-builder --linux dir', () => {
  let scratch = '';
  let resources = '';
  let archive = '';
  let entries: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(REPO_ROOT, 'out', 'main', 'index.js'))) {
      throw new Error('Build the app first (npx electron-vite build); npm test does.');
    }
    scratch = mkdtempSync(join(tmpdir(), 'shoebox-pack-'));
    resources = join(scratch, 'out', 'linux-unpacked', 'resources');
    archive = join(resources, 'app.asar');
    const electronDist = join(scratch, 'electron-dist');
    mkdirSync(electronDist);
    const standIn = Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n# '),
      fuseWireBytes(ELECTRON_DEFAULT_FUSES),
      Buffer.from('\n'),
    ]);
    writeFileSync(join(electronDist, 'electron'), standIn);
    chmodSync(join(electronDist, 'electron'), 0o755);
    const config = readBuilderConfig();
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

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('flips the configured fuses in the executable, and leaves the others as Electron ships them', () => {
    const executable = readFileSync(join(resources, '..', 'shoebox'));
    expect(readFuseWire(executable)).toEqual({
      ...ELECTRON_DEFAULT_FUSES,
      ...readBuilderConfig().electronFuses,
    });
    expect(readFuseWire(executable)).toMatchObject({
      runAsNode: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('puts the built app and its package.json in app.asar, and no sources', () => {
    const manifest = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(entries).toContain(manifest.main);
    expect(entries).toEqual(expect.arrayContaining(['out/preload/index.cjs', 'out/renderer/index.html']));
    const ownFiles = entries.filter((entry) => !entry.startsWith('node_modules'));
    expect(ownFiles.filter((entry) => !/^(out(\/|$)|package\.json$)/.test(entry))).toEqual([]);
  });

  it('leaves every native file on disk in app.asar.unpacked, byte for byte and executable if it was', () => {
    const config = readBuilderConfig();
    const native = installedNativeFiles(REPO_ROOT).filter((path) =>
      shipsDependencyFile(config, 'linux', path),
    );
    expect(native).toContain(`node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`);
    const missing = native.filter((path) => {
      const unpacked = join(resources, 'app.asar.unpacked', path);
      if (!existsSync(unpacked)) return true;
      const executable = (file: string) => (statSync(file).mode & 0o111) !== 0;
      return (
        !readFileSync(unpacked).equals(readFileSync(join(REPO_ROOT, path))) ||
        executable(unpacked) !== executable(join(REPO_ROOT, path))
      );
    });
    expect(missing).toEqual([]);
  });

  it("leaves out other systems' prebuilds and the SQLite sources", () => {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    for (const path of ['prebuilds/darwin-arm64.node', 'prebuilds/win32-x64.node', 'deps', 'src']) {
      expect(existsSync(join(unpacked, path)), path).toBe(false);
      expect(entries, path).not.toContain(`node_modules/better-sqlite3/${path}`);
    }
  });

  it('loads every package the main bundle imports from the packaged files alone, native parts included', async () => {
    // The archive's files with app.asar.unpacked laid over them (modes kept, which extractAll does not), as
    // Electron's asar support presents them at run time. The probe sits beside the main bundle, so it resolves
    // packages exactly as the bundle does, and a package that the `files` exclusions took away fails here
    // (nothing above the scratch folder has node_modules to fall back on).
    const app = join(scratch, 'extracted');
    extractAll(archive, app);
    cpSync(join(resources, 'app.asar.unpacked'), app, { recursive: true, force: true });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { main: string };
    const bundle = readFileSync(join(app, manifest.main), 'utf8');
    // The main bundle and the chunks it shares with the workers' bundles.
    const chunks = join(app, dirname(manifest.main), 'chunks');
    const code = [
      bundle,
      ...(existsSync(chunks) ? readdirSync(chunks) : [])
        .filter((name) => name.endsWith('.js'))
        .map((name) => readFileSync(join(chunks, name), 'utf8')),
    ].join('\n');
    const imports = [
      // Rollup writes one import statement a line at the top; words such as "from" inside strings are not one.
      ...new Set(
        [...code.matchAll(/^import\s(?:[^;'"]*?\bfrom\s*)?["']([^"'.][^"']*)["'];?$/gm)].map((m) => m[1]!),
      ),
    ].filter((name) => !name.startsWith('node:') && name !== 'electron');
    expect(imports).toEqual(
      expect.arrayContaining(['better-sqlite3', 'sharp', 'exiftool-vendored', 'openai']),
    );
    // Data and worker code found at run time through require.resolve (WordNet, GeoNames, heic-decode).
    const resolved = [
      ...new Set([...code.matchAll(/\.resolve\(["']([^"'.][^"']*)["']\)/g)].map((m) => m[1]!)),
    ];
    expect(resolved).toEqual(expect.arrayContaining(['heic-decode']));
    const probe = join(app, dirname(manifest.main), 'probe.mjs');
    writeFileSync(
      probe,
      `for (const name of JSON.parse(process.argv[2])) await import(name);
const { createRequire } = await import('node:module');
for (const spec of JSON.parse(process.argv[3])) createRequire(import.meta.url).resolve(spec);
const { default: Database } = await import('better-sqlite3');
const db = new Database(':memory:');
const { version } = db.prepare('select sqlite_version() as version').get();
db.close();
const { default: sharp } = await import('sharp');
const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } }).png().toBuffer();
const { ExifTool } = await import('exiftool-vendored');
const exiftool = new ExifTool({ maxProcs: 1 });
const exiftoolVersion = await exiftool.version();
await exiftool.end();
console.log(JSON.stringify({ sqlite: version, pngBytes: png.length, exiftool: exiftoolVersion }));
`,
    );
    const { stdout } = await run(
      process.execPath,
      [probe, JSON.stringify(imports), JSON.stringify(resolved)],
      {
        cwd: app,
        timeout: 60_000,
      },
    );
    const loaded = JSON.parse(stdout) as { sqlite: string; pngBytes: number; exiftool: string };
    expect(loaded.sqlite).toMatch(/^3\.\d+/);
    expect(loaded.pngBytes).toBeGreaterThan(0);
    expect(loaded.exiftool).toMatch(/^\d+\.\d+/);
  }, 90_000);

  it('keeps plain JavaScript inside the archive', () => {
    expect(entries).toContain('node_modules/zod/package.json');
    expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'zod'))).toBe(false);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'out'))).toBe(false);
  });
});
