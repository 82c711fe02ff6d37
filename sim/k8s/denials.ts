/**
 * RBAC-like denials: rules that forbid verbs on resources (or subresources, `pods/exec`) per
 * namespace, cluster-wide requests or user, answered with the apiserver's Forbidden text:
 * `pods "x" is forbidden: User "alice" cannot get resource "pods" in API group "" in the
 * namespace "prod"`.
 */
import { forbidden, type ApiError } from './api-error.js';

/** One denial rule; every listed dimension must match for the rule to apply. */
export interface DenialRule {
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, or `*`. */
  verbs: string[];
  /** `pods`, `pods/exec`, `deployments`, `*`. A plain resource also covers its subresources only when written `pods/*`. */
  resources: string[];
  /** Namespaces the rule applies to; `''` means cluster-scope requests (e.g. `/api/v1/pods`). Omitted: everywhere. */
  namespaces?: string[] | undefined;
  /** Users the rule applies to. Omitted: everyone. */
  users?: string[] | undefined;
  /** Why, appended after the standard sentence (RBAC leaves it empty). */
  reason?: string | undefined;
}

/** The attributes a request is authorized on. */
export interface AuthzRequest {
  user: string;
  verb: string;
  resource: string;
  subresource?: string;
  group: string;
  /** Empty for cluster-scoped resources and all-namespace requests. */
  namespace: string;
  name?: string;
}

function resourceMatches(rule: DenialRule, req: AuthzRequest): boolean {
  const full = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  return rule.resources.some(
    (r) => r === '*' || r === full || (r === `${req.resource}/*` && req.subresource !== undefined),
  );
}

function ruleMatches(rule: DenialRule, req: AuthzRequest): boolean {
  return (
    (rule.verbs.includes('*') || rule.verbs.includes(req.verb)) &&
    resourceMatches(rule, req) &&
    (rule.namespaces === undefined || rule.namespaces.includes(req.namespace)) &&
    (rule.users === undefined || rule.users.includes(req.user))
  );
}

/** The authorizer's sentence for a denied request. */
export function forbiddenReason(req: AuthzRequest, reason?: string): string {
  const full = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const scope = req.namespace === '' ? 'at the cluster scope' : `in the namespace "${req.namespace}"`;
  const base = `User "${req.user}" cannot ${req.verb} resource "${full}" in API group "${req.group}" ${scope}`;
  return reason ? `${base}: ${reason}` : base;
}

/** The set of active denial rules. */
export class Denials {
  private rules: DenialRule[] = [];

  constructor(initial: DenialRule[] = []) {
    this.rules = [...initial];
  }

  /** Adds a rule; returns a function removing it again. */
  add(rule: DenialRule): () => void {
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((r) => r !== rule);
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The Forbidden error for a denied request, or undefined when allowed. */
  check(req: AuthzRequest): ApiError | undefined {
    const rule = this.rules.find((r) => ruleMatches(r, req));
    if (!rule) return undefined;
    const full = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
    return forbidden(full, req.group, req.name ?? '', forbiddenReason(req, rule.reason));
  }
}
