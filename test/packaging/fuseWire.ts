// Electron's fuse wire, as Electron documents it (docs/tutorial/fuses.md) and @electron/fuses flips it: a
// sentinel string in the executable, then the wire's version (1), its length, and one byte per fuse, '0' off
// and '1' on, in this order. A stand-in executable carrying a wire lets electron-builder flip fuses for real.
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** Fuse names in wire order, spelt as electron-builder's `electronFuses` keys. */
export const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

export type FuseStates = Record<(typeof FUSE_ORDER)[number], boolean>;

/** How an Electron binary ships: Node-ish features on, the hardening ones off. */
export const ELECTRON_DEFAULT_FUSES: FuseStates = {
  runAsNode: true,
  enableCookieEncryption: false,
  enableNodeOptionsEnvironmentVariable: true,
  enableNodeCliInspectArguments: true,
  enableEmbeddedAsarIntegrityValidation: false,
  onlyLoadAppFromAsar: false,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: true,
};

export function fuseWireBytes(states: FuseStates): Buffer {
  const wire = FUSE_ORDER.map((name) => (states[name] ? '1' : '0')).join('');
  return Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire),
  ]);
}

export function readFuseWire(executable: Buffer): FuseStates {
  const at = executable.indexOf(FUSE_SENTINEL, 0, 'latin1');
  if (at < 0) throw new Error('no fuse wire in this executable');
  const start = at + FUSE_SENTINEL.length;
  if (executable[start] !== 1) throw new Error(`unknown fuse wire version ${executable[start]}`);
  const length = executable[start + 1]!;
  const states = {} as FuseStates;
  FUSE_ORDER.slice(0, length).forEach((name, i) => {
    states[name] = executable[start + 2 + i] === '1'.charCodeAt(0);
  });
  return states;
}
