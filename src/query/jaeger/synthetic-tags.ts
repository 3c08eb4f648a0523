/**
 * Jaeger shows span status and kind as tags (`error=true`, `otel.status_code`, `span.kind`)
 * that are not attributes of the stored span, and its users search by them. These are
 * lifted out of the tag filters into the store's status and kind conditions; every other
 * tag stays an attribute filter.
 */
import { StatusCode, type SpanKind } from '../../model/index.js';
import { paramError, ok, type ParseResult } from '../errors.js';
import { parseSpanKindParam } from '../params.js';

export interface SearchTags {
  readonly attributes: ReadonlyMap<string, string>;
  readonly statusCode?: StatusCode;
  readonly spanKind?: SpanKind;
}

const STATUS_BY_NAME: ReadonlyMap<string, StatusCode> = new Map([
  ['ERROR', StatusCode.ERROR],
  ['OK', StatusCode.OK],
  ['UNSET', StatusCode.UNSET],
]);

export function liftSyntheticTags(tags: ReadonlyMap<string, string>): ParseResult<SearchTags> {
  const attributes = new Map<string, string>();
  let statusCode: StatusCode | undefined;
  let spanKind: SpanKind | undefined;
  for (const [key, value] of tags) {
    if (key === 'error' && value === 'true') {
      statusCode = StatusCode.ERROR;
    } else if (key === 'otel.status_code' && STATUS_BY_NAME.has(value.toUpperCase())) {
      const code = STATUS_BY_NAME.get(value.toUpperCase())!;
      if (statusCode !== undefined && statusCode !== code) {
        return paramError('tags', `'otel.status_code=${value}' contradicts 'error=true'`);
      }
      statusCode = code;
    } else if (key === 'span.kind') {
      const kind = parseSpanKindParam(new URLSearchParams({ k: value }), 'k');
      if (!kind.ok || kind.value === undefined) return paramError('tags', `unknown span.kind '${value}'`);
      spanKind = kind.value;
    } else {
      attributes.set(key, value);
    }
  }
  return ok({
    attributes,
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(spanKind !== undefined ? { spanKind } : {}),
  });
}
