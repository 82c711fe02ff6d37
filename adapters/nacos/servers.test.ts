import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { parseServerList } from './servers.js';

describe('parseServerList', () => {
  it.each([
    ['nacos-0:8848', 'http://nacos-0:8848/nacos'],
    ['10.0.0.5', 'http://10.0.0.5:8848/nacos'],
    ['http://nacos.prod:8848', 'http://nacos.prod:8848/nacos'],
    ['http://nacos.prod:8848/', 'http://nacos.prod:8848/nacos'],
    ['https://nacos.example.com', 'https://nacos.example.com/nacos'],
    ['http://gw:80/registry/', 'http://gw/registry'],
    ['[fd00::5]:8848', 'http://[fd00::5]:8848/nacos'],
  ])('reads %s as %s', (text, base) => {
    expect(parseServerList(text).map((s) => s.base)).toEqual([base]);
  });

  it('splits on commas, semicolons and spaces', () => {
    expect(parseServerList(' nacos-0:8848, http://nacos-1:8848 ;nacos-2 ').map((s) => s.label)).toEqual([
      'nacos-0:8848',
      'nacos-1:8848',
      'nacos-2:8848',
    ]);
  });

  it('names every entry it cannot read', () => {
    try {
      parseServerList('ok:8848,http://,user:pw@host:1');
      expect.unreachable();
    } catch (err) {
      expect(isOpsError(err) && err.code).toBe('E_NACOS_CONFIG');
      expect((err as Error).message).toContain('"http://"');
      expect((err as Error).message).toContain('"user:pw@host:1"');
    }
  });

  it('rejects an empty list', () => {
    expect(() => parseServerList(' , ')).toThrow(/no Nacos server address/);
  });
});
