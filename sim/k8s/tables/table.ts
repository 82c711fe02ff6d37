/**
 * Server-side Tables (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): column definitions
 * plus one row per object, each row carrying the object as PartialObjectMetadata by default
 * (`includeObject=Metadata`), the full object (`Object`) or nothing (`None`).
 */
import { badRequest } from '../api-error.js';
import type { KubeObject, Pod, Workload } from '../types.js';
import { COLUMNS, type ColumnDefinition } from './columns.js';
import { podCells } from './pod-cells.js';
import { deploymentCells, eventCells, namespaceCells, nodeCells, replicaSetCells } from './row-cells.js';

/** `includeObject` query parameter values. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Options of one Table conversion. */
export interface TableOptions {
  now: number;
  includeObject: IncludeObject;
  /** Leave column definitions out (watch events after the first). */
  noHeaders: boolean;
  /** apiVersion of the Table (`meta.k8s.io/v1` or `meta.k8s.io/v1beta1`). */
  apiVersion: string;
}

/** metav1.Table. */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: ColumnDefinition[] | null;
  rows: { cells: unknown[]; object?: unknown; conditions?: unknown[] }[];
}

const DEFAULT_COLUMNS: ColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the object.', priority: 0 },
  { name: 'Created At', type: 'date', format: '', description: 'Creation timestamp.', priority: 0 },
];

function cellsOf(obj: KubeObject, now: number): unknown[] {
  switch (obj.kind) {
    case 'Pod':
      return podCells(obj as Pod, now);
    case 'Deployment':
      return deploymentCells(obj as Workload, now);
    case 'ReplicaSet':
      return replicaSetCells(obj as Workload, now);
    case 'Namespace':
      return namespaceCells(obj, now);
    case 'Node':
      return nodeCells(obj, now);
    case 'Event':
      return eventCells(obj, now);
    default:
      return [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? ''];
  }
}

function rowObject(obj: KubeObject, options: TableOptions): unknown {
  switch (options.includeObject) {
    case 'Object':
      return obj;
    case 'None':
      return undefined;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: options.apiVersion, metadata: obj.metadata };
  }
}

function rowConditions(obj: KubeObject): unknown[] | undefined {
  if (obj.kind !== 'Pod') return undefined;
  const phase = (obj as Pod).status?.phase;
  if (phase === 'Succeeded') {
    return [
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ];
  }
  if (phase === 'Failed')
    return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

/** Parses `includeObject`; anything else is the server's 400. */
export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'Object' || value === 'None') return value;
  throw badRequest(`unrecognized includeObject value: "${value}"`);
}

/** Converts objects of one kind to a Table; `list` carries the list metadata to copy. */
export function buildTable(
  kind: string,
  objects: KubeObject[],
  list: Table['metadata'],
  options: TableOptions,
): Table {
  return {
    kind: 'Table',
    apiVersion: options.apiVersion,
    metadata: list,
    columnDefinitions: options.noHeaders ? null : (COLUMNS[kind] ?? DEFAULT_COLUMNS),
    rows: objects.map((obj) => {
      const row: Table['rows'][number] = { cells: cellsOf(obj, options.now) };
      const conditions = rowConditions(obj);
      if (conditions) row.conditions = conditions;
      const object = rowObject(obj, options);
      if (object !== undefined) row.object = object;
      return row;
    }),
  };
}
