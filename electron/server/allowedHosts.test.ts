import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultAllowedHosts } from './allowedHosts';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, scopeid: 0 }) as NetworkInterfaceInfo;

const interfaces = {
  lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
  eth0: [iface('192.168.1.20', 'IPv4'), iface('fd00::20', 'IPv6'), iface('fe80::1%eth0', 'IPv6')],
};

describe('defaultAllowedHosts', () => {
  it('names the machine and the bound address', () => {
    expect(defaultAllowedHosts('192.168.1.20', 'nas', interfaces)).toEqual([
      'nas',
      'nas.local',
      '192.168.1.20',
    ]);
    expect(defaultAllowedHosts('fd00::20', 'nas.home.arpa', interfaces)).toEqual([
      'nas.home.arpa',
      '[fd00::20]',
    ]);
  });

  it('names every external interface when bound to all of them', () => {
    expect(defaultAllowedHosts('0.0.0.0', 'nas', interfaces)).toEqual(['nas', 'nas.local', '192.168.1.20']);
    expect(defaultAllowedHosts('::', 'nas', interfaces)).toEqual([
      'nas',
      'nas.local',
      '192.168.1.20',
      '[fd00::20]',
    ]);
  });

  it('adds nothing for loopback', () => {
    expect(defaultAllowedHosts('127.0.0.1', 'localhost', interfaces)).toEqual([]);
  });
});
