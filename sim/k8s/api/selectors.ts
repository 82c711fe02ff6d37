/** Reads `labelSelector` and `fieldSelector` query parameters into one object filter (400 on errors). */
import { badRequest } from '../api-error.js';
import type { ResourceInfo } from '../resources.js';
import { matchesFields, parseFieldSelector, unsupportedFieldLabel } from '../selectors/fields.js';
import { matchesLabels, parseLabelSelector, SelectorParseError } from '../selectors/labels.js';
import type { KubeObject } from '../types.js';

/** An object filter built from query parameters. */
export interface QueryFilter {
  matches: (obj: KubeObject) => boolean;
  /** True when neither selector was given. */
  empty: boolean;
}

/** Builds the filter of a list or watch request. Throws 400 ApiErrors. */
export function queryFilter(info: ResourceInfo, query: URLSearchParams, namespace?: string): QueryFilter {
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    const unsupported = unsupportedFieldLabel(info, fields);
    if (unsupported !== undefined) throw badRequest(`field label not supported: ${unsupported}`);
    const noSelectors = labels.requirements.length === 0 && fields.requirements.length === 0;
    return {
      empty: noSelectors,
      matches: (obj) =>
        (namespace === undefined || obj.metadata.namespace === namespace) &&
        (noSelectors || (matchesLabels(labels, obj.metadata.labels) && matchesFields(fields, obj))),
    };
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(e.message);
    throw e;
  }
}
