/**
 * Kubernetes pod names: DNS-1123 subdomains (lower-case alphanumerics, `-` and `.`, each
 * dot-separated label starting and ending with an alphanumeric, at most 253 characters).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names
 */

/** The longest pod name Kubernetes accepts. */
export const MAX_POD_NAME_LENGTH = 253;

const SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** True when `name` can be a pod name. */
export function isValidPodName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_POD_NAME_LENGTH && SUBDOMAIN.test(name);
}
