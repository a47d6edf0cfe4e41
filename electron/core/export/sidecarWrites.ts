// Puts sidecars in place, a group at a time: every text goes to a temp file first, and only a whole file
// takes the sidecar's name, so a crash leaves either the old sidecar or the new one.
//
// Durability: a replaced sidecar may hold another program's work (Lightroom's develop settings live in
// photo.xmp), so its replacement is flushed to the disk (fdatasync) before the rename; otherwise a power cut
// just after the rename can leave the name on an empty file on file systems that do not order the two (ext4
// guesses, APFS and XFS do not). A new sidecar is not flushed: a power cut can cost only that new file,
// which the next export writes again (an empty sidecar is written anew). The group's temp files are all
// written before any is flushed, so one journal commit carries the whole group instead of one commit each.
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { eachAtOnce } from './atOnce';
import type { SidecarFolders } from './sidecarFolders';

export type SidecarWrite =
  /** A sidecar where the folder had none; put in place without replacing one that appeared since. */
  | { kind: 'create'; target: string; xml: string }
  | { kind: 'replace'; target: string; xml: string; durable: boolean };

/** 'appeared': a sidecar was created at the target since it was looked for; nothing was written. */
export type WriteResult = 'written' | 'appeared' | Error;

/** File operations under way at once: libuv's four file threads kept busy, with the next ones queued. */
export const FILE_OPERATIONS_AT_ONCE = 8;
/** Temp files written before they are flushed and renamed: one journal commit's worth, few open files. */
export const GROUP = 32;

let temps = 0;

function tempFor(target: string): string {
  return `${target}.${process.pid}.${Date.now()}.${++temps}.tmp`;
}

interface Pending {
  write: SidecarWrite;
  temp: string;
  handle: FileHandle | null;
  result: WriteResult | null;
}

/** Writes each sidecar; the results are in the order of `writes`. No two may have the same target. */
export async function putInPlace(
  writes: readonly SidecarWrite[],
  folders: SidecarFolders,
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let start = 0; start < writes.length; start += GROUP) {
    const group = writes
      .slice(start, start + GROUP)
      .map((write): Pending => ({ write, temp: tempFor(write.target), handle: null, result: null }));
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, writeTemp);
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, flushTemp);
    await eachAtOnce(group, FILE_OPERATIONS_AT_ONCE, (pending) => place(pending, folders));
    results.push(...group.map((pending) => pending.result!));
  }
  return results;
}

function failed(pending: Pending, error: unknown): void {
  pending.result = error instanceof Error ? error : new Error(String(error));
}

async function writeTemp(pending: Pending): Promise<void> {
  try {
    pending.handle = await open(pending.temp, 'w');
    await pending.handle.writeFile(pending.write.xml, 'utf8');
    if (!durable(pending.write)) await closeHandle(pending);
  } catch (error) {
    failed(pending, error);
    await discard(pending);
  }
}

async function flushTemp(pending: Pending): Promise<void> {
  if (pending.result !== null || pending.handle === null) return;
  try {
    await pending.handle.datasync();
    await closeHandle(pending);
  } catch (error) {
    failed(pending, error);
    await discard(pending);
  }
}

async function place(pending: Pending, folders: SidecarFolders): Promise<void> {
  if (pending.result !== null) return;
  const { write, temp } = pending;
  try {
    if (write.kind === 'replace') {
      await rename(temp, write.target);
      pending.result = 'written';
      return;
    }
    pending.result = (await create(temp, write.target, folders)) ? 'written' : 'appeared';
    folders.exists(write.target);
  } catch (error) {
    failed(pending, error);
  }
  await unlink(temp).catch(() => undefined);
}

/**
 * A hard link fails on an existing name, where a rename would overwrite a sidecar created since the folder
 * was listed. False when one appeared. The temp file is left for the caller to remove.
 */
async function create(temp: string, target: string, folders: SidecarFolders): Promise<boolean> {
  if (folders.linksWork(target)) {
    try {
      await link(temp, target);
      return true;
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return false;
      // FAT, exFAT and some network shares have no hard links.
      folders.linksFailed(target);
    }
  }
  // Without hard links, a look just before the rename narrows the window to a moment.
  if (await exists(target)) return false;
  await rename(temp, target);
  return true;
}

function durable(write: SidecarWrite): boolean {
  return write.kind === 'replace' && write.durable;
}

async function closeHandle(pending: Pending): Promise<void> {
  const handle = pending.handle;
  pending.handle = null;
  await handle?.close();
}

async function discard(pending: Pending): Promise<void> {
  await closeHandle(pending).catch(() => undefined);
  await unlink(pending.temp).catch(() => undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
