import { describe, expect, it } from 'vitest';
import { blockOf, cidrContains, foreignReason, normaliseIp, parseCidr, parseIp } from './ip.js';

describe('normaliseIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['FD00:0:0:0:0:0:A:5', 'fd00::a:5'],
    ['fd00:0000:0000:0000:0000:0000:000a:0005', 'fd00::a:5'],
    ['[fd00::a:5]', 'fd00::a:5'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['not-an-ip', 'not-an-ip'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each(['10.0.0.256', '10.0.0', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '1:2:3:4:5:6:7'])(
    'rejects %s',
    (input) => {
      expect(parseIp(input)).toBeUndefined();
    },
  );
});

describe('CIDR', () => {
  it.each([
    ['10.244.0.0/16', '10.244.3.7', true],
    ['10.244.0.0/16', '10.245.0.1', false],
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.3', '10.1.2.4', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['fd00::/64', 'fd00::a:5', true],
    ['fd00::/64', 'fd00:0:0:1::5', false],
    ['fd00::/64', '10.0.0.1', false],
    ['10.0.0.0/9', '10.127.0.1', true],
    ['10.0.0.0/9', '10.128.0.1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(parseCidr(cidr)!, parseIp(ip)!)).toBe(expected);
  });

  it('rejects bad prefixes', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/x')).toBeUndefined();
    expect(parseCidr('fd00::/129')).toBeUndefined();
  });

  it('builds blocks around addresses', () => {
    expect(blockOf(parseIp('10.244.3.7')!, 24)).toBe('10.244.3.0/24');
    expect(blockOf(parseIp('10.244.3.7')!, 20)).toBe('10.244.0.0/20');
    expect(blockOf(parseIp('fd00::1:2:3:4')!, 64)).toBe('fd00::/64');
  });
});

describe('foreignReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['172.17.0.3', 'docker_bridge'],
    ['169.254.10.1', 'link_local'],
    ['fe80::1', 'link_local'],
    ['203.0.113.9', 'outside_cluster'],
  ])('%s is %s', (ip, reason) => {
    expect(foreignReason(parseIp(ip)!)).toBe(reason);
  });
});
