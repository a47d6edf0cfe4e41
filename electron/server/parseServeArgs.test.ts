import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseServeArgs } from './parseServeArgs';

const HOME = '/home/ada';

describe('parseServeArgs', () => {
  it('uses the defaults with no flags and no environment', () => {
    expect(parseServeArgs([], {}, HOME)).toEqual({
      dataDir: '/home/ada/.local/share/shoebox',
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      hostExplicit: false,
      allowedHosts: [],
      accessToken: true,
      help: false,
    });
  });

  it('follows XDG_DATA_HOME for the default data dir', () => {
    expect(parseServeArgs([], { XDG_DATA_HOME: '/xdg' }, HOME).dataDir).toBe('/xdg/shoebox');
  });

  it('reads the environment, and flags win over it', () => {
    const env = { SHOEBOX_DATA_DIR: '/env/data', SHOEBOX_PORT: '8000', SHOEBOX_HOST: '0.0.0.0' };
    expect(parseServeArgs([], env, HOME)).toMatchObject({
      dataDir: '/env/data',
      port: 8000,
      host: '0.0.0.0',
      hostExplicit: true,
    });
    expect(
      parseServeArgs(['--data-dir', '/flag', '--port=0', '--host', 'localhost'], env, HOME),
    ).toMatchObject({ dataDir: '/flag', port: 0, host: 'localhost' });
  });

  it('rejects bad ports, unknown flags and missing values with a readable message', () => {
    expect(() => parseServeArgs(['--port', 'eighty'], {}, HOME)).toThrow(/Port must be/);
    expect(() => parseServeArgs(['--port', '70000'], {}, HOME)).toThrow(/Port must be/);
    expect(() => parseServeArgs(['--verbose'], {}, HOME)).toThrow(/Unknown argument: --verbose/);
    expect(() => parseServeArgs(['--data-dir'], {}, HOME)).toThrow(/--data-dir needs a value/);
  });

  it('collects allowed hosts from repeated or comma-separated flags, else the environment', () => {
    const env = { SHOEBOX_ALLOWED_HOSTS: 'env.local, other.local' };
    expect(parseServeArgs([], env, HOME).allowedHosts).toEqual(['env.local', 'other.local']);
    expect(
      parseServeArgs(['--allowed-host', 'nas.local', '--allowed-host=a.lan,b.lan:8443'], env, HOME)
        .allowedHosts,
    ).toEqual(['nas.local', 'a.lan', 'b.lan:8443']);
    expect(() => parseServeArgs(['--allowed-host', 'http://nas.local/'], {}, HOME)).toThrow(
      /Not a host name/,
    );
  });

  it('notices --help and --no-access-token', () => {
    expect(parseServeArgs(['--help'], {}, HOME).help).toBe(true);
    expect(parseServeArgs(['--no-access-token'], {}, HOME).accessToken).toBe(false);
  });
});
