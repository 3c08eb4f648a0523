/**
 * A low-cardinality name for a request path, for span names and metric labels where no
 * framework route is known (a sidecar cannot see the app's routes). Segments that look
 * like identifiers become `{id}`:
 *
 *   /api/products/42          -> /api/products/{id}
 *   /orders/ord-7f3a9c/items  -> /orders/{id}/items
 *   /api/v2/users             -> /api/v2/users        (short version segments stay)
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HAS_DIGIT = /\d/;
const MAX_SEGMENT = 40;

function isIdentifier(segment: string): boolean {
  if (segment.length > MAX_SEGMENT) return true;
  if (UUID.test(segment)) return true;
  // A digit in anything longer than a version tag ("v1", "v2beta" stay).
  return HAS_DIGIT.test(segment) && !/^v\d+[a-z]*\d*$/i.test(segment);
}

export function routeTemplate(path: string): string {
  const q = path.indexOf('?');
  const p = q === -1 ? path : path.slice(0, q);
  if (p === '' || p === '/') return '/';
  return p
    .split('/')
    .map((s) => (s !== '' && isIdentifier(s) ? '{id}' : s))
    .join('/');
}

/**
 * Bounds a label's distinct values: the first `limit` seen are kept, later ones become
 * `other`, so an app with unbounded paths cannot grow the metrics registry forever.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();
  constructor(private readonly limit: number) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(value);
    return value;
  }
}
