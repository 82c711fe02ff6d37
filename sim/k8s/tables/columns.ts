/**
 * Table column definitions per kind: names, types and priorities as the apiserver's printers
 * declare them (kubernetes pkg/printers/internalversion/printers.go). Priority 1 columns are the
 * ones kubectl shows only with `-o wide`.
 */

/** metav1.TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

function col(name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = col('Name', 'string', 'Name of the object, unique within its namespace.', 0, 'name');
const AGE = col('Age', 'string', 'Time since the object was created (creationTimestamp).');
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR = col('Selector', 'string', 'Label selector of the pods this object manages.', 1);

/** Column definitions by kind. */
export const COLUMNS: Record<string, ColumnDefinition[]> = {
  Pod: [
    NAME,
    col('Ready', 'string', 'Ready containers out of all containers of the pod.'),
    col('Status', 'string', 'Aggregate status of the pod and its containers.'),
    col('Restarts', 'string', 'Container restarts, and how long ago the last one was.'),
    AGE,
    col('IP', 'string', 'Primary IP address of the pod.', 1),
    col('Node', 'string', 'Node the pod is bound to.', 1),
    col('Nominated Node', 'string', 'Node the scheduler nominated for a preempting pod.', 1),
    col('Readiness Gates', 'string', 'Readiness gates that are true out of all gates.', 1),
  ],
  Deployment: [
    NAME,
    col('Ready', 'string', 'Ready pods out of desired replicas.'),
    col('Up-to-date', 'string', 'Pods running the latest pod template.'),
    col('Available', 'string', 'Pods available to serve.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  ReplicaSet: [
    NAME,
    col('Desired', 'integer', 'Replicas requested in the spec.'),
    col('Current', 'integer', 'Replicas that currently exist.'),
    col('Ready', 'integer', 'Replicas that are ready.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR,
  ],
  Namespace: [NAME, col('Status', 'string', 'Phase of the namespace.'), AGE],
  Node: [
    NAME,
    col('Status', 'string', 'Readiness of the node, and SchedulingDisabled when cordoned.'),
    col('Roles', 'string', 'Roles from node-role.kubernetes.io labels.'),
    AGE,
    col('Version', 'string', 'Kubelet version.'),
    col('Internal-IP', 'string', 'First InternalIP address.', 1),
    col('External-IP', 'string', 'First ExternalIP address.', 1),
    col('OS-Image', 'string', 'Operating system image.', 1),
    col('Kernel-Version', 'string', 'Kernel version.', 1),
    col('Container-Runtime', 'string', 'Container runtime and version.', 1),
  ],
  Event: [
    col('Last Seen', 'string', 'Time since the event was last observed.'),
    col('Type', 'string', 'Normal or Warning.'),
    col('Reason', 'string', 'Short machine-readable reason.'),
    col('Object', 'string', 'Object the event is about.'),
    col('Subobject', 'string', 'Part of the object the event is about.', 1),
    col('Source', 'string', 'Component that reported the event.', 1),
    col('Message', 'string', 'Human-readable description.'),
    col('First Seen', 'string', 'Time since the event was first observed.', 1),
    col('Count', 'string', 'Times the event was observed.', 1),
    { ...NAME, priority: 1 },
  ],
};
