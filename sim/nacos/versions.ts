/**
 * What each impersonated server version offers. APIs a version lacks answer as that version
 * does: 404 when the controller does not exist (v2 before 2.2, v3 before 3.0, v1/v2 from 3.2 on),
 * 410 with the compatibility message when 3.0-3.1 disabled it by default (v1 admin and console
 * APIs, all of v2 naming).
 */
import type { NacosVersion } from './model.js';

/** Groups of endpoints that appear and disappear together across versions. */
export type ApiFamily =
  | 'v1-open'
  | 'v1-auth'
  | 'v1-admin'
  | 'v1-console'
  | 'v2'
  | 'v2-console'
  | 'v3-admin'
  | 'v3-client'
  | 'v3-auth';

/** How a version answers an API family. */
export type Gate = { kind: 'ok' } | { kind: 'missing' } | { kind: 'gone'; switchName: string };

const ADMIN_SWITCH = 'nacos.core.api.compatibility.admin.enabled';
const CONSOLE_SWITCH = 'nacos.core.api.compatibility.console.enabled';

/** Full version text reported by the state endpoints. */
export const VERSION_TEXT: Record<NacosVersion, string> = {
  '1.4': '1.4.8',
  '2.2': '2.2.3',
  '2.5': '2.5.1',
  '3.1': '3.1.0',
  '3.2': '3.2.0',
};

/** Major generation of a version. */
export function generationOf(version: NacosVersion): 1 | 2 | 3 {
  return Number(version[0]) as 1 | 2 | 3;
}

const OK: Gate = { kind: 'ok' };
const MISSING: Gate = { kind: 'missing' };

/** How `version` answers requests to `family`. */
export function gateFor(version: NacosVersion, family: ApiFamily): Gate {
  const gen = generationOf(version);
  const v2 = family.startsWith('v2');
  const v3 = family.startsWith('v3');
  if (gen < 3) {
    if (v3) return MISSING;
    if (v2 && version === '1.4') return MISSING;
    return OK;
  }
  if (v3) return OK;
  if (version === '3.2') return MISSING;
  return gate31(family);
}

/** 3.0-3.1 with default settings: client APIs on, admin and console APIs of v1/v2 gone. */
function gate31(family: ApiFamily): Gate {
  switch (family) {
    case 'v1-open':
    case 'v1-auth':
      return OK;
    case 'v1-admin':
    case 'v2':
      return { kind: 'gone', switchName: ADMIN_SWITCH };
    case 'v1-console':
    case 'v2-console':
      return { kind: 'gone', switchName: CONSOLE_SWITCH };
    case 'v3-admin':
    case 'v3-client':
    case 'v3-auth':
      return OK;
  }
}

/** Whether the version lists the default namespace as "" (1.x, 2.x) rather than "public" (3.x). */
export function publicShownAsEmpty(version: NacosVersion): boolean {
  return generationOf(version) < 3;
}

/** Key of the "all IPs" flag in ServiceInfo: `allIPs` up to 2.5, `allIps` in 3.x. */
export function allIpsKey(version: NacosVersion): 'allIPs' | 'allIps' {
  return generationOf(version) < 3 ? 'allIPs' : 'allIps';
}
