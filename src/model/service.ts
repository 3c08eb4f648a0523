import { stringAttribute } from './any-value.js';
import { SERVICE_NAME_KEY, UNKNOWN_SERVICE, type Resource } from './span.js';

/** The service a resource belongs to; OTLP SDKs default to `unknown_service` too. */
export function serviceNameOf(resource: Resource): string {
  return stringAttribute(resource.attributes, SERVICE_NAME_KEY) ?? UNKNOWN_SERVICE;
}
