import { whoIsOnCall } from './oncall.js';
import type { CompiledRoutes } from './routes-config.js';
import type { PersonConfig, ReceiverConfig } from './routes-schema.js';

/** Who a message should @-mention; channels use what they can (mobile, user id, open id). */
export interface Mentions {
  people: (PersonConfig & { name: string })[];
  all: boolean;
}

/**
 * Mentions of a receiver for a set of alerts: listed people, whoever is on call in the listed
 * rotations, and the person (or mobile number) in the configured alert label.
 */
export function resolveMentions(
  receiver: ReceiverConfig,
  alertsLabels: readonly Readonly<Record<string, string>>[],
  routes: CompiledRoutes,
  now: number,
): Mentions {
  const config = receiver.mentions;
  if (!config) return { people: [], all: false };
  const names = [...config.people];
  for (const rotation of config.oncall) {
    const r = routes.file.rotations[rotation];
    if (r) names.push(whoIsOnCall(r, now, routes.zone).person);
  }
  const people: Mentions['people'] = [];
  const add = (person: PersonConfig & { name: string }): void => {
    if (!people.some((p) => p.name === person.name)) people.push(person);
  };
  for (const name of names) {
    const person = routes.file.people[name];
    if (person) add({ name, ...person });
  }
  if (config.label) {
    for (const labels of alertsLabels) {
      const value = labels[config.label];
      if (!value) continue;
      const person = routes.file.people[value];
      if (person) add({ name: value, ...person });
      else if (/^\+?\d{5,20}$/.test(value)) add({ name: value, mobile: value });
    }
  }
  return { people, all: config.all };
}
