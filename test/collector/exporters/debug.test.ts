import { describe, expect, it, vi } from 'vitest';
import { ConfigNode } from '../../../src/collector/config/config-node.js';
import { debugExporterFactory } from '../../../src/collector/exporters/debug/factory.js';
import { settings, span, testHost } from '../helpers/test-host.js';

const verbosities: [verbosity: string, lines: number, pattern: RegExp][] = [
  ['basic', 1, /debug: Traces \{"resource spans": 2, "spans": 3\}/],
  ['normal', 4, /[0-9a-f]{32} [0-9a-f]{16} cart "GET \/cart" 2ms status=2/],
  ['detailed', 4, /"service":"cart","span":\{"traceId":"[0-9a-f]{32}"/],
];

describe('debug exporter', () => {
  it.each(verbosities)('verbosity %s logs %i lines', async (verbosity, lines, pattern) => {
    const host = testHost();
    const e = debugExporterFactory.createTraces!(settings(host, 'debug'), debugExporterFactory.parseConfig(ConfigNode.of({ verbosity, sampling_initial: 100 }, 'e')));
    await e.consumeTraces([span({ service: 'cart', name: 'GET /cart', durationMs: 2, status: 2 }), span({ service: 'db' }), span({ service: 'db' })]);
    expect(host.logs).toHaveLength(lines);
    expect(host.logs.join('\n')).toMatch(pattern);
  });

  it('samples log lines per second: sampling_initial, then every sampling_thereafter-th', async () => {
    const host = testHost();
    const e = debugExporterFactory.createTraces!(settings(host, 'debug'), debugExporterFactory.parseConfig(ConfigNode.of({ sampling_initial: 2, sampling_thereafter: 3 }, 'e')));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(1_700_000_000_000);
      for (let i = 0; i < 11; i++) await e.consumeTraces([span()]);
      // Within one second: lines 1, 2, then 5, 8, 11.
      expect(host.logs).toHaveLength(5);
      vi.setSystemTime(1_700_000_001_000);
      await e.consumeTraces([span()]);
      expect(host.logs).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('debug exporter: logs and metrics', () => {
  const scope = { name: 's', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const resource = span({ service: 'cart' }).resource;
  const record = {
    timeUnixNano: 1n, observedTimeUnixNano: 2n, severityNumber: 17, severityText: 'ERROR', body: { type: 'string' as const, value: 'card declined' },
    attributes: [], droppedAttributesCount: 0, flags: 0, traceId: new Uint8Array(16).fill(1), spanId: new Uint8Array(8).fill(2), eventName: '', resource, scope,
  };
  const point = {
    name: 'http.requests', description: '', unit: '1', startTimeUnixNano: 1n, timeUnixNano: 2n, attributes: [{ key: 'route', value: { type: 'string' as const, value: '/cart' } }], flags: 0,
    data: { type: 'gauge' as const, value: { type: 'int' as const, value: 3n } }, resource, scope,
  };
  const cases: [verbosity: string, signal: 'logs' | 'metrics', pattern: RegExp][] = [
    ['basic', 'logs', /debug: Logs \{"resource logs": 1, "log records": 2\}/],
    ['normal', 'logs', /debug: cart ERROR "card declined"/],
    ['detailed', 'logs', /"traceId":"01010101010101010101010101010101","spanId":"0202020202020202"/],
    ['basic', 'metrics', /debug: Metrics \{"metrics": 1, "data points": 2\}/],
    ['normal', 'metrics', /debug: cart http\.requests gauge route=\/cart/],
    ['detailed', 'metrics', /"name":"http.requests".*"value":"3"/],
  ];
  it.each(cases)('verbosity %s, %s', async (verbosity, signal, pattern) => {
    const host = testHost();
    const config = debugExporterFactory.parseConfig(ConfigNode.of({ verbosity, sampling_initial: 100 }, 'e'));
    if (signal === 'logs') await debugExporterFactory.createLogs!(settings(host, 'debug'), config).consumeLogs([record, record]);
    else await debugExporterFactory.createMetrics!(settings(host, 'debug'), config).consumeMetrics([point, point]);
    expect(host.logs.join('\n')).toMatch(pattern);
  });
});
