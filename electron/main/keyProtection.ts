// How provider keys can be protected on this desktop. On Linux, safeStorage reports encryption as
// available even when it found no secret service (GNOME Keyring, KWallet) and fell back to its
// `basic_text` backend, which encrypts with a password written into Chromium's source: plain text in all
// but name. Shoebox then says so and keeps keys in a file only the user can read, as browser mode does,
// rather than pretend they are in a keychain.

export type KeyProtection =
  /** Encrypted by the OS keychain through safeStorage. */
  | 'keychain'
  /** No real keychain: a 0600 file, and the user is told. */
  | 'plain-file'
  /** safeStorage cannot encrypt at all: keys come from the environment only. */
  | 'unavailable';

export function chooseKeyProtection(options: {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend(), which exists on Linux only. */
  linuxBackend?: string | undefined;
}): KeyProtection {
  if (options.platform === 'linux' && options.linuxBackend === 'basic_text') return 'plain-file';
  return options.encryptionAvailable ? 'keychain' : 'unavailable';
}

/** What the user reads when a key is saved without a keychain. */
export function plainTextNotice(file: string): { message: string; detail: string } {
  return {
    message: 'Provider keys are not encrypted on this computer',
    detail:
      'Shoebox found no keychain here (no GNOME Keyring, KWallet or other secret service is running), so the ' +
      `key is kept unencrypted in ${file}, a file only your user account can read. Start a keychain and ` +
      'restart Shoebox to have keys encrypted, or set the key in the environment instead.',
  };
}
