import { describe, expect, it } from 'vitest';
import { parseNasPath } from './nas-path.js';

describe('parseNasPath', () => {
  it.each([
    ['/mnt/prod/gateway/gc-a.log', '/mnt', { namespace: 'prod', service: 'gateway', relPath: 'gc-a.log' }],
    [
      '/mnt/prod/gateway/logs/error/x.log',
      '/mnt',
      { namespace: 'prod', service: 'gateway', relPath: 'logs/error/x.log' },
    ],
    ['/mnt/prod/gateway', '/mnt', { namespace: 'prod', service: 'gateway', relPath: '' }],
    ['/mnt/prod/gateway/', '/mnt/', { namespace: 'prod', service: 'gateway', relPath: '' }],
    ['//mnt//prod///gateway//tools/', '/mnt', { namespace: 'prod', service: 'gateway', relPath: 'tools' }],
    ['/data/nas/uat/order-svc/x', '/data/nas', { namespace: 'uat', service: 'order-svc', relPath: 'x' }],
    ['/test/svc/a b/日志.log', '/', { namespace: 'test', service: 'svc', relPath: 'a b/日志.log' }],
    ['/mnt/prod/Order_Service/x', '/mnt', { namespace: 'prod', service: 'Order_Service', relPath: 'x' }],
  ])('%s under %s', (path, root, expected) => {
    expect(parseNasPath(path, root)).toEqual(expected);
  });

  it('defaults the root to /mnt', () => {
    expect(parseNasPath('/mnt/test/svc/gc.log')).toEqual({
      namespace: 'test',
      service: 'svc',
      relPath: 'gc.log',
    });
  });

  it.each([
    ['/mnt', '/mnt'],
    ['/mnt/prod', '/mnt'],
    ['/mntx/prod/svc', '/mnt'],
    ['/other/prod/svc', '/mnt'],
    ['mnt/prod/svc', '/mnt'],
    ['/mnt/../etc/passwd/x', '/mnt'],
    ['/mnt/prod/../svc/x', '/mnt'],
    ['/mnt/prod/svc/../../x', '/mnt'],
    ['/mnt/prod/svc/logs/../x', '/mnt'],
    ['/mnt/prod/svc/./x', '/mnt'],
    ['/mnt/./prod/svc', '/mnt'],
    ['/mnt/prod/../x', '/mnt'],
    ['/mnt/prod/a..b/x', '/mnt'],
    ['/mnt/prod/.snapshot/x', '/mnt'],
    ['/mnt/lost+found/x/y', '/mnt'],
    ['/mnt/Prod/svc/x', '/mnt'],
    ['/mnt/-prod/svc/x', '/mnt'],
    [`/mnt/${'a'.repeat(64)}/svc/x`, '/mnt'],
    ['/mnt/prod/svc/a\0b', '/mnt'],
    ['/mnt/prod/svc/x', ''],
  ])('rejects %j under %j', (path, root) => {
    expect(parseNasPath(path, root)).toBeUndefined();
  });
});
