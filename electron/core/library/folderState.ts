import type { Folder } from '../../../shared/types';
import type { FolderRow } from './catalogueStore';
import type { FolderWatcher } from './watcher';

/** Unreadable subfolders named in a folder's warning (all are logged). */
const LISTED_UNREADABLE_FOLDERS = 100;

/** What the library knows about a folder while it runs (the catalogue holds the rest). */
export interface FolderRuntime {
  state: Folder['state'];
  error: string | null;
  watcher: FolderWatcher | null;
  removed: boolean;
  /** The user pressed Stop: the running scan ends at the next file. */
  stopRequested: boolean;
  /** A tree past the size limit, waiting for the user's answer. */
  largeTree: { entries: number; folders: number } | null;
  answerLargeTree: ((yes: boolean) => void) | null;
  unreadableFolders: Array<{ dir: string; reason: string }>;
  /** The running scan only checks a folder already catalogued for changes. */
  checking: boolean;
  /** Why the folder's watcher may miss changes (it reported an error), in words; null when it is fine. */
  watchTrouble: string | null;
}

export function newFolderRuntime(): FolderRuntime {
  return {
    state: 'scanning',
    error: null,
    watcher: null,
    removed: false,
    stopRequested: false,
    largeTree: null,
    answerLargeTree: null,
    unreadableFolders: [],
    checking: false,
    watchTrouble: null,
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** What the user should know about the folder that is not an error, in words; null when nothing. */
export function warningOf(r: FolderRuntime, diskMessage: string | null): string | null {
  const parts: string[] = [];
  if (diskMessage) parts.push(`${diskMessage} New photos wait until there is room.`);
  if (r.largeTree) {
    parts.push(
      `This folder holds more than ${plural(r.largeTree.entries, 'entry', 'entries')} in ${plural(r.largeTree.folders, 'folder', 'folders')}, far more than a photo library. Watching it costs a great deal of memory: continue, or stop and choose a smaller folder.`,
    );
  }
  if (r.watchTrouble && r.state === 'watching') parts.push(r.watchTrouble);
  if (r.unreadableFolders.length > 0) {
    const listed = r.unreadableFolders
      .slice(0, LISTED_UNREADABLE_FOLDERS)
      .map((f) => `${f.dir} (${f.reason})`);
    const more = r.unreadableFolders.length - listed.length;
    parts.push(
      `${plural(r.unreadableFolders.length, 'subfolder', 'subfolders')} could not be read: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`,
    );
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

export function toFolder(
  row: FolderRow,
  counts: Pick<Folder, 'photoCount' | 'unreadableCount'>,
  r: FolderRuntime,
  diskMessage: string | null,
): Folder {
  return {
    id: row.id,
    path: row.path,
    addedAt: row.added_at,
    ...counts,
    state: r.state,
    error: r.error,
    localOnly: row.local_only === 1,
    warning: warningOf(r, diskMessage),
    unreadableFolders: r.unreadableFolders.map((f) => f.dir),
    largeTree: r.largeTree,
    checking: r.state === 'scanning' && r.checking,
  };
}
