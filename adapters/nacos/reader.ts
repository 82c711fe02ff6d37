/** What reading one server generation's raw registry takes. */
import type {
  RegistryInstance,
  RegistryNamespace,
  RegistryOrigin,
  RegistryService,
} from '../../core/ports/registry-source.js';

/** One namespace, read completely. */
export interface NamespaceRead {
  services: RegistryService[];
  instances: RegistryInstance[];
}

/** Reads the raw registry through one API family. */
export interface RegistryReader {
  readonly api: RegistryOrigin['api'];
  listNamespaces(signal?: AbortSignal): Promise<RegistryNamespace[]>;
  readNamespace(namespaceId: string, signal?: AbortSignal): Promise<NamespaceRead>;
}

/** Upper bound on pages per listing, so a server that never ends a listing cannot loop us. */
export const MAX_PAGES = 10_000;
