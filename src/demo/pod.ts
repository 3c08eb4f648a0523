/**
 * The demo's stand-in for Kubernetes: each instance is a "pod" named after it, with
 * the resource attributes a k8s deployment would give (the semantic conventions'
 * k8s.pod.name, k8s.namespace.name, k8s.node.name). The app (when it has the SDK) and
 * its sidecar share them, so their spans, logs and metrics join on the pod; they differ
 * in k8s.container.name, as two containers of one pod do.
 */
import os from 'node:os';

export const DEMO_NAMESPACE = 'ariadne-demo';
/** k8s.container.name of an SDK-instrumented app (a sidecar says `ariadne-sidecar`). */
export const APP_CONTAINER = 'app';

export function podAttributes(instance: string): Record<string, string> {
  return { 'k8s.pod.name': instance, 'k8s.namespace.name': DEMO_NAMESPACE, 'k8s.node.name': os.hostname() };
}

/** `--resource-attributes` value for a proxy in this pod. */
export function podAttributesFlag(instance: string): string {
  return Object.entries(podAttributes(instance))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
