import { parseMatcher, type Matcher } from './matchers.js';
import type { RouteNode } from './route-tree.js';
import { routesFileSchema, type ReceiverConfig, type RouteInput, type RoutesFile } from './routes-schema.js';
import { parseLocalOrIso } from './zoned-time.js';

/** One problem in the routing file, by path (`receivers.0.channels.1`). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A validated routing file with its route tree compiled. */
export interface CompiledRoutes {
  zone: string;
  file: RoutesFile;
  root: RouteNode;
  receivers: ReadonlyMap<string, ReceiverConfig>;
}

export type CompileResult = { ok: true; routes: CompiledRoutes } | { ok: false; issues: ConfigIssue[] };

/** Used when no routing file is configured: every alert goes to the router's log inbox. */
export const DEFAULT_ROUTES: unknown = {
  channels: { inbox: { type: 'log' } },
  receivers: [{ name: 'inbox', channels: ['inbox'] }],
  route: { receiver: 'inbox' },
};

const PHONE = /^\+?\d{5,20}$/;

/** Validates shapes and every cross-reference, gathering all problems before failing. */
export function compileRoutes(data: unknown, defaultZone: string): CompileResult {
  const parsed = routesFileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  }
  const file = parsed.data;
  const issues: ConfigIssue[] = [];
  const zone = file.timeZone ?? defaultZone;
  if (!isZone(zone)) issues.push({ path: 'timeZone', message: `unknown IANA time zone "${zone}"` });
  checkPeopleRefs(file, zone, issues);
  const receivers = checkReceivers(file, issues);
  const root = compileRoute(file.route, 'route', undefined, file, receivers, issues);
  if (file.route.receiver === undefined)
    issues.push({ path: 'route.receiver', message: 'the root route needs a receiver' });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, routes: { zone, file, root, receivers } };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkPeopleRefs(file: RoutesFile, zone: string, issues: ConfigIssue[]): void {
  for (const [name, rotation] of Object.entries(file.rotations)) {
    rotation.members.forEach((member, i) => {
      if (!file.people[member])
        issues.push({ path: `rotations.${name}.members.${i}`, message: `unknown person "${member}"` });
    });
    rotation.overrides.forEach((o, i) => {
      const at = `rotations.${name}.overrides.${i}`;
      if (!file.people[o.person])
        issues.push({ path: `${at}.person`, message: `unknown person "${o.person}"` });
      const from = parseLocalOrIso(o.from, isZone(zone) ? zone : 'UTC');
      const to = parseLocalOrIso(o.to, isZone(zone) ? zone : 'UTC');
      if (from === undefined)
        issues.push({ path: `${at}.from`, message: 'expected YYYY-MM-DD[THH:MM] or an ISO time' });
      if (to === undefined)
        issues.push({ path: `${at}.to`, message: 'expected YYYY-MM-DD[THH:MM] or an ISO time' });
      if (from !== undefined && to !== undefined && to <= from)
        issues.push({ path: `${at}.to`, message: 'must be after from' });
    });
  }
}

function checkReceivers(file: RoutesFile, issues: ConfigIssue[]): Map<string, ReceiverConfig> {
  const receivers = new Map<string, ReceiverConfig>();
  file.receivers.forEach((receiver, i) => {
    const at = `receivers.${i}`;
    if (receivers.has(receiver.name))
      issues.push({ path: `${at}.name`, message: `duplicate receiver "${receiver.name}"` });
    receivers.set(receiver.name, receiver);
    let hasSms = false;
    receiver.channels.forEach((name, j) => {
      const channel = file.channels[name];
      if (!channel) issues.push({ path: `${at}.channels.${j}`, message: `unknown channel "${name}"` });
      else if (channel.type === 'aliyun-sms' || channel.type === 'tencent-sms') hasSms = true;
    });
    if (hasSms && !receiver.sms) issues.push({ path: `${at}.sms`, message: 'an SMS channel needs sms.to' });
    receiver.sms?.to.forEach((target, j) => checkSmsTarget(file, target, `${at}.sms.to.${j}`, issues));
    receiver.mentions?.people.forEach((p, j) => {
      if (!file.people[p])
        issues.push({ path: `${at}.mentions.people.${j}`, message: `unknown person "${p}"` });
    });
    receiver.mentions?.oncall.forEach((r, j) => {
      if (!file.rotations[r])
        issues.push({ path: `${at}.mentions.oncall.${j}`, message: `unknown rotation "${r}"` });
    });
    for (const name of Object.keys(receiver.templates)) {
      if (!receiver.channels.includes(name))
        issues.push({
          path: `${at}.templates.${name}`,
          message: `"${name}" is not one of this receiver's channels`,
        });
    }
  });
  for (const [name, channel] of Object.entries(file.channels)) {
    if (channel.type === 'wecom' && !channel.url && !channel.app)
      issues.push({ path: `channels.${name}`, message: 'a wecom channel needs url (robot) or app' });
  }
  return receivers;
}

function checkSmsTarget(file: RoutesFile, target: string, path: string, issues: ConfigIssue[]): void {
  if (target.startsWith('oncall:')) {
    const rotation = target.slice('oncall:'.length);
    if (!file.rotations[rotation]) issues.push({ path, message: `unknown rotation "${rotation}"` });
  } else if (!PHONE.test(target)) {
    const person = file.people[target];
    if (!person)
      issues.push({ path, message: `unknown person "${target}" (or use oncall:<rotation> or a number)` });
    else if (!person.mobile) issues.push({ path, message: `person "${target}" has no mobile` });
  }
}

function compileRoute(
  input: RouteInput,
  path: string,
  parent: RouteNode | undefined,
  file: RoutesFile,
  receivers: ReadonlyMap<string, ReceiverConfig>,
  issues: ConfigIssue[],
): RouteNode {
  const matchers: Matcher[] = [];
  input.matchers.forEach((text, i) => {
    try {
      matchers.push(parseMatcher(text));
    } catch (error) {
      issues.push({ path: `${path}.matchers.${i}`, message: (error as Error).message });
    }
  });
  const receiver = input.receiver ?? parent?.receiver ?? '';
  if (input.receiver !== undefined && !receivers.has(input.receiver))
    issues.push({ path: `${path}.receiver`, message: `unknown receiver "${input.receiver}"` });
  if (input.quietHours !== undefined && !file.quietHours[input.quietHours])
    issues.push({ path: `${path}.quietHours`, message: `unknown quietHours "${input.quietHours}"` });
  const quietHours = input.quietHours ?? parent?.quietHours;
  const repeatMs =
    input.repeatIntervalSeconds !== undefined ? input.repeatIntervalSeconds * 1000 : parent?.repeatIntervalMs;
  const node: RouteNode = {
    path,
    receiver,
    matchers,
    continue: input.continue,
    sendResolved: input.sendResolved ?? parent?.sendResolved ?? true,
    ...(quietHours !== undefined ? { quietHours } : {}),
    ...(repeatMs !== undefined ? { repeatIntervalMs: repeatMs } : {}),
    routes: [],
  };
  node.routes = input.routes.map((child, i) =>
    compileRoute(child, `${path}.routes.${i}`, node, file, receivers, issues),
  );
  return node;
}
