/**
 * The validation a real apiserver would reject a write for, limited to what clients of the
 * simulator can plausibly get wrong: names, required fields, selector/template agreement, pod
 * spec immutability and the append-only rule of ephemeral containers.
 */
import type { FieldCause } from '../api-error.js';
import { matchesLabels, selectorFromObject, SelectorParseError } from '../selectors/labels.js';
import type { Container, KubeObject, Pod, Workload } from '../types.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const required = (field: string): FieldCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

function invalidValue(field: string, value: string, why: string): FieldCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: "${value}": ${why}`, field };
}

function forbidden(field: string, why: string): FieldCause {
  return { reason: 'FieldValueForbidden', message: `Forbidden: ${why}`, field };
}

/** Checks `metadata.name` (DNS-1123 label for namespaces, subdomain otherwise). */
export function validateName(obj: KubeObject): FieldCause[] {
  const name = obj.metadata.name ?? '';
  if (name === '') return [required('metadata.name')];
  if (obj.kind === 'Namespace') {
    if (name.length > 63 || !LABEL.test(name)) {
      return [
        invalidValue(
          'metadata.name',
          name,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        ),
      ];
    }
    return [];
  }
  if (name.length > 253 || !SUBDOMAIN.test(name)) {
    return [
      invalidValue(
        'metadata.name',
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ),
    ];
  }
  return [];
}

function validateContainers(list: Container[] | undefined, field: string, requireOne: boolean): FieldCause[] {
  if (!list || list.length === 0) return requireOne ? [required(field)] : [];
  const causes: FieldCause[] = [];
  list.forEach((c, i) => {
    if (!c.name) causes.push(required(`${field}[${i}].name`));
    if (!c.image) causes.push(required(`${field}[${i}].image`));
  });
  return causes;
}

function duplicateNames(pod: Pod): FieldCause[] {
  const seen = new Set<string>();
  const causes: FieldCause[] = [];
  const lists: [string, Container[] | undefined][] = [
    ['spec.initContainers', pod.spec.initContainers],
    ['spec.containers', pod.spec.containers],
    ['spec.ephemeralContainers', pod.spec.ephemeralContainers],
  ];
  for (const [field, list] of lists) {
    (list ?? []).forEach((c, i) => {
      if (seen.has(c.name)) {
        causes.push({
          reason: 'FieldValueDuplicate',
          message: `Duplicate value: "${c.name}"`,
          field: `${field}[${i}].name`,
        });
      }
      seen.add(c.name);
    });
  }
  return causes;
}

function validatePod(pod: Pod): FieldCause[] {
  return [
    ...validateContainers(pod.spec?.containers, 'spec.containers', true),
    ...validateContainers(pod.spec?.initContainers, 'spec.initContainers', false),
    ...validateContainers(pod.spec?.ephemeralContainers, 'spec.ephemeralContainers', false),
    ...(pod.spec ? duplicateNames(pod) : []),
  ];
}

function validateWorkload(w: Workload): FieldCause[] {
  if (!w.spec?.selector) return [required('spec.selector')];
  const causes = validateContainers(w.spec.template?.spec?.containers, 'spec.template.spec.containers', true);
  try {
    const selector = selectorFromObject(w.spec.selector);
    if (selector.requirements.length === 0) {
      causes.push(invalidValue('spec.selector', '{}', 'empty selector is invalid for deployment'));
    }
    const labels = w.spec.template?.metadata?.labels ?? {};
    if (!matchesLabels(selector, labels)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
        field: 'spec.template.metadata.labels',
      });
    }
  } catch (e) {
    if (!(e instanceof SelectorParseError)) throw e;
    causes.push(invalidValue('spec.selector', JSON.stringify(w.spec.selector), e.message));
  }
  const replicas = w.spec.replicas;
  if (typeof replicas === 'number' && replicas < 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
      field: 'spec.replicas',
    });
  }
  return causes;
}

/** Validates an object about to be stored (create or update). */
export function validateObject(obj: KubeObject): FieldCause[] {
  const causes = validateName(obj);
  switch (obj.kind) {
    case 'Pod':
      return [...causes, ...validatePod(obj as Pod)];
    case 'Deployment':
    case 'ReplicaSet':
      return [...causes, ...validateWorkload(obj as Workload)];
    default:
      return causes;
  }
}

function withoutMutable(pod: Pod): unknown {
  const strip = (list: Container[] | undefined): unknown => list?.map((c) => ({ ...c, image: undefined }));
  return JSON.stringify({
    ...pod.spec,
    containers: strip(pod.spec.containers),
    initContainers: strip(pod.spec.initContainers),
    ephemeralContainers: undefined,
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    terminationGracePeriodSeconds: undefined,
  });
}

/** Pod spec fields an update may change (images, deadline, tolerations, grace). */
export function validatePodSpecUpdate(next: Pod, old: Pod): FieldCause[] {
  if (withoutMutable(next) === withoutMutable(old)) return [];
  return [
    forbidden(
      'spec',
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ),
  ];
}

/** Ephemeral containers can only be added: existing ones may not change or go away. */
export function validateEphemeralUpdate(next: Pod, old: Pod): FieldCause[] {
  const now = new Map((next.spec.ephemeralContainers ?? []).map((c) => [c.name, JSON.stringify(c)]));
  const causes: FieldCause[] = [];
  for (const c of old.spec.ephemeralContainers ?? []) {
    const current = now.get(c.name);
    if (current === undefined) {
      causes.push(
        forbidden('spec.ephemeralContainers', `existing ephemeral containers "${c.name}" may not be removed`),
      );
    } else if (current !== JSON.stringify(c)) {
      causes.push(
        forbidden('spec.ephemeralContainers', `existing ephemeral containers "${c.name}" may not be changed`),
      );
    }
  }
  return causes;
}
