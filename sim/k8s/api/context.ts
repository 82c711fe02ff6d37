/** Everything a request handler needs. */
import type { Clock } from '../clock.js';
import type { Denials } from '../denials.js';
import type { Registry } from '../registry/registry.js';
import type { PodRuntime } from '../runtime.js';
import type { ServerVersion } from './discovery.js';
import type { Lister } from './list.js';
import type { WatchHub } from './watch.js';

/** Shared state of the API handlers. */
export interface ApiContext {
  registry: Registry;
  lister: Lister;
  watches: WatchHub;
  denials: Denials;
  runtime: PodRuntime;
  clock: Clock;
  version: ServerVersion;
}
