import { parcelWatcherFrom, loadParcelWatcher } from './parcelWatcher';
import { watchWithChokidar, type WatchFolder } from './watcher';

export type WatcherName = 'chokidar' | 'parcel';

/**
 * On Linux chokidar holds one fs.watch handle and a JavaScript record per folder and file (about 3 KB a file
 * measured: see the README), so a 200,000-photo library costs most of a gigabyte; @parcel/watcher keeps that
 * in the kernel. macOS and Windows have cheap recursive OS watchers that chokidar uses, so it stays there.
 * `SHOEBOX_WATCHER=chokidar|parcel` overrides; parcel falls back to chokidar when its binary does not load.
 */
export function chooseWatcher(
  platform: NodeJS.Platform = process.platform,
  wanted: string | undefined = process.env.SHOEBOX_WATCHER,
): { name: WatcherName; watch: WatchFolder } {
  const preferred: WatcherName =
    wanted === 'chokidar' || wanted === 'parcel' ? wanted : platform === 'linux' ? 'parcel' : 'chokidar';
  if (preferred === 'parcel') {
    const parcel = loadParcelWatcher();
    if (parcel) return { name: 'parcel', watch: parcelWatcherFrom(parcel) };
  }
  return { name: 'chokidar', watch: watchWithChokidar };
}
