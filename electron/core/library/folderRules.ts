import { realpath, stat, statfs } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../../../shared/contract';
import { isInside, isSameOrInside } from './paths';

// Trees of the operating system: never photo libraries, often huge, and some (proc) loop back into the whole
// filesystem. Tmpfs mounts of the OS (/run, /dev/shm) are covered by their paths.
const SYSTEM_TREES: Record<string, string[]> = {
  linux: [
    '/proc',
    '/sys',
    '/dev',
    '/run',
    '/boot',
    '/etc',
    '/usr',
    '/bin',
    '/sbin',
    '/lib',
    '/lib32',
    '/lib64',
    '/libx32',
    '/snap',
    '/var/lib',
    '/var/cache',
    '/var/log',
    '/var/run',
    '/var/spool',
  ],
  darwin: ['/System', '/Library', '/private/var', '/private/etc', '/dev', '/usr', '/bin', '/sbin', '/cores'],
  win32: ['C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\ProgramData'],
};

// statfs magic numbers of filesystems with no photos in them, only kernel state.
const VIRTUAL_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x42494e4d, 'binfmt_misc'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x19800202, 'mqueue'],
  [0x958458f6, 'hugetlbfs'],
]);

export interface FolderRuleContext {
  /** Shoebox's own data folder (catalogue, thumbnails, backups), when known. */
  dataDir?: string | undefined;
  platform?: NodeJS.Platform;
}

function isFilesystemRoot(path: string): boolean {
  return resolve(path, '..') === path;
}

/**
 * Why this (absolute, real) folder is no photo library but a whole disk or a part of the operating system, or
 * null. Checked when a folder is added and again at every start, so a folder added by an older version cannot
 * take the app down at each launch.
 */
export async function systemRefusalOf(
  path: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  if (isFilesystemRoot(path)) {
    return `Shoebox will not watch ${path}: it is the root of a whole disk, not a photo folder. Choose the folder that holds your photos.`;
  }
  for (const tree of SYSTEM_TREES[platform] ?? []) {
    if (isSameOrInside(path, tree)) {
      return `Shoebox will not watch ${path}: it is part of the operating system (${tree}), not a photo folder.`;
    }
  }
  const kind = await statfs(path).then(
    (s) => VIRTUAL_FILESYSTEMS.get(s.type) ?? null,
    () => null,
  );
  if (kind) return `Shoebox will not watch ${path}: it is a virtual ${kind} filesystem with no photos in it.`;
  return null;
}

/** Why a new folder may not join the library because of where Shoebox's own data folder is, or null. */
async function dataDirRefusalOf(path: string, context: FolderRuleContext): Promise<string | null> {
  if (context.dataDir) {
    const dataDir = await realpath(context.dataDir).catch(() => resolve(context.dataDir!));
    if (isSameOrInside(dataDir, path)) {
      return `Shoebox will not watch ${path}: it holds Shoebox's own data folder (${dataDir}), whose thumbnails would be catalogued as photos. Move the data folder out, or choose a folder inside.`;
    }
    if (isInside(path, dataDir)) {
      return `Shoebox will not watch ${path}: it is inside Shoebox's own data folder (${dataDir}).`;
    }
  }
  return null;
}

/** Checks a folder the user typed or picked and returns its real absolute path; throws UserError otherwise. */
export async function validateNewFolder(input: unknown, context: FolderRuleContext): Promise<string> {
  if (typeof input !== 'string' || input.trim() === '') throw new UserError('Type a folder path.');
  const typed = input.trim();
  if (!isAbsolute(typed)) {
    throw new UserError(
      `Type the full path of the folder (for example /home/you/Pictures): "${typed}" is relative, and would depend on where Shoebox was started.`,
    );
  }
  const absolute = resolve(typed);
  const stats = await stat(absolute).catch(() => null);
  if (!stats) throw new UserError(`The folder ${absolute} does not exist.`);
  if (!stats.isDirectory()) throw new UserError(`${absolute} is a file, not a folder.`);
  // Judged by where it really is: a symlink to /proc is /proc.
  const real = await realpath(absolute);
  const refusal = (await systemRefusalOf(real, context.platform)) ?? (await dataDirRefusalOf(real, context));
  if (refusal) throw new UserError(refusal);
  return real;
}
