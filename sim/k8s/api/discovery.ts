/**
 * Discovery documents: /version, /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>.
 * Always legacy `application/json` even when aggregated discovery is asked for: client-go reads
 * the response Content-Type and falls back to legacy discovery. /openapi/* answers 404, which
 * kubectl tolerates with `--validate=false`.
 */
import { createHash } from 'node:crypto';
import { apiVersionOf, RESOURCES, servedGroups, type ResourceInfo } from '../resources.js';

/** Server identity returned by /version. */
export interface ServerVersion {
  gitVersion: string;
  platform?: string;
}

/** The /version document for a `v1.31.4`-style version. */
export function versionDocument(version: ServerVersion): Record<string, string> {
  const match = /^v(\d+)\.(\d+)/.exec(version.gitVersion);
  return {
    major: match?.[1] ?? '1',
    minor: match?.[2] ?? '31',
    gitVersion: version.gitVersion,
    gitCommit: createHash('sha1').update(version.gitVersion).digest('hex'),
    gitTreeState: 'clean',
    buildDate: '2024-12-10T11:37:05Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: version.platform ?? 'linux/amd64',
  };
}

function storageVersionHash(info: ResourceInfo): string {
  return createHash('sha256')
    .update(`${apiVersionOf(info)}/${info.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function resourceEntries(info: ResourceInfo): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: info.resource,
    singularName: info.singular,
    namespaced: info.namespaced,
    kind: info.kind,
    verbs: info.verbs,
  };
  if (info.shortNames.length > 0) main.shortNames = info.shortNames;
  if (info.categories.length > 0) main.categories = info.categories;
  main.storageVersionHash = storageVersionHash(info);
  const subs = info.subresources.map((s) => {
    const entry: Record<string, unknown> = {
      name: `${info.resource}/${s.name}`,
      singularName: '',
      namespaced: info.namespaced,
    };
    if (s.group !== undefined) entry.group = s.group;
    if (s.version !== undefined) entry.version = s.version;
    return { ...entry, kind: s.kind, verbs: s.verbs };
  });
  return [main, ...subs];
}

/** APIResourceList of one group version, or undefined when not served. */
export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const served = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: served.flatMap(resourceEntries),
  };
}

/** The /api document. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDocument(group: string): Record<string, unknown> {
  const versions = servedGroups()
    .filter((g) => g.group === group)
    .map((g) => ({ groupVersion: `${g.group}/${g.version}`, version: g.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** The /apis document. */
export function groupList(): Record<string, unknown> {
  const names = [...new Set(servedGroups().map((g) => g.group))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map(groupDocument) };
}

/** The /apis/<group> document, or undefined when not served. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  if (!servedGroups().some((g) => g.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group) };
}

/** Answers a discovery path; undefined when the path is not a discovery path. */
export function discoveryDocument(
  path: string,
  version: ServerVersion,
  serverAddress: string,
): Record<string, unknown> | null | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  if (path === '/version' || path === '/version/') return versionDocument(version);
  if (segments[0] === 'api') {
    if (segments.length === 1) return coreVersions(serverAddress);
    if (segments.length === 2) return resourceList('', segments[1] ?? '') ?? null;
    return undefined;
  }
  if (segments[0] === 'apis') {
    if (segments.length === 1) return groupList();
    if (segments.length === 2) return apiGroup(segments[1] ?? '') ?? null;
    if (segments.length === 3) return resourceList(segments[1] ?? '', segments[2] ?? '') ?? null;
  }
  return undefined;
}
