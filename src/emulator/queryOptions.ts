/**
 * Query options of `GET /subscriptions`. "This method does not support the OData query parameters
 * to help customize the response" (https://learn.microsoft.com/en-us/graph/api/subscription-list?view=graph-rest-1.0#optional-query-parameters):
 * only `$skiptoken` from the service's own `@odata.nextLink` is read. Any other OData system query
 * option (`$top`, `$select`, `$count`, `$filter`, …) is refused with the 400 Graph answers, whose
 * message names the option the way ASP.NET OData does ("Query option 'Top' is not allowed …").
 * Parameters without a `$` are not OData options and are ignored, as Graph ignores them.
 */
import { EmulatorHttpError } from './errors';

const OPTION_NAMES: Record<string, string> = {
  $top: 'Top', $skip: 'Skip', $select: 'Select', $expand: 'Expand', $filter: 'Filter', $orderby: 'OrderBy',
  $count: 'Count', $search: 'Search', $format: 'Format', $apply: 'Apply', $compute: 'Compute', $levels: 'Levels', $deltatoken: 'DeltaToken',
};

/** Throws Graph's 400 for the first OData system query option the list does not support. */
export function checkListQuery(query: URLSearchParams): void {
  for (const key of query.keys()) {
    const k = key.trim().toLowerCase();
    if (k === '$skiptoken') continue;
    if (k.startsWith('$')) {
      const name = OPTION_NAMES[k] ?? key.replace(/^\$/, '');
      throw new EmulatorHttpError(
        400,
        'BadRequest',
        `The query specified in the URI is not valid. Query option '${name}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`,
      );
    }
  }
}

/** Offset encoded in a `$skiptoken` of our own `@odata.nextLink`; 400 for anything else. */
export function skipTokenOffset(query: URLSearchParams): number {
  const skipToken = query.get('$skiptoken');
  if (!skipToken) return 0;
  const decoded = Number(Buffer.from(skipToken, 'base64url').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isInteger(decoded) || decoded < 0) throw new EmulatorHttpError(400, 'BadRequest', 'Invalid $skiptoken.');
  return decoded;
}

export function skipToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}
