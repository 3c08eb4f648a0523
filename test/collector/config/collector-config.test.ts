import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultRegistry } from '../../../src/collector/components.js';
import { mergeDocs, parseCollectorConfig, parseConfigText } from '../../../src/collector/config/collector-config.js';
import { ConfigError } from '../../../src/config/errors.js';
import { CollectorService } from '../../../src/collector/service.js';

const registry = defaultRegistry();

function parse(yaml: string, env: NodeJS.ProcessEnv = {}) {
  return parseCollectorConfig(parseConfigText(yaml, 'test', env), registry);
}

const PIPE = `
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
`;
const RECEIVER = `
receivers:
  otlp:
    protocols:
      grpc:
`;
const BASE = `
receivers:
  otlp:
    protocols:
      grpc:
exporters:
  debug:
`;

describe('collector config: valid documents', () => {
  it('parses components named type/name, every pipeline, and the Collector defaults', () => {
    const c = parse(`
receivers:
  otlp:
    protocols: { grpc: , http: { endpoint: ":4318" } }
  otlp/internal:
    protocols: { http: { endpoint: "127.0.0.1:0" } }
processors:
  batch:
  batch/big: { send_batch_size: 10000, timeout: 1s }
exporters:
  debug:
  otlp/backend: { endpoint: "backend:4317", tls: { insecure: true } }
service:
  pipelines:
    traces:
      receivers: [otlp, otlp/internal]
      processors: [batch]
      exporters: [debug, otlp/backend]
    traces/2:
      receivers: [otlp]
      processors: [batch/big]
      exporters: [otlp/backend]
`);
    expect([...c.receivers.keys()]).toEqual(['otlp', 'otlp/internal']);
    expect(c.receivers.get('otlp')!.config).toMatchObject({
      grpc: { endpoint: { host: 'localhost', port: 4317 }, maxRecvMsgSizeMiB: 4 },
      http: { endpoint: { host: '0.0.0.0', port: 4318 }, maxRequestBodySize: 20 * 1024 * 1024, tracesUrlPath: '/v1/traces' },
    });
    expect(c.processors.get('batch')!.config).toEqual({ sendBatchSize: 8192, sendBatchMaxSize: 0, timeoutMs: 200 });
    expect(c.processors.get('batch/big')!.config).toEqual({ sendBatchSize: 10000, sendBatchMaxSize: 0, timeoutMs: 1000 });
    expect(c.service.pipelines.map((p) => p.idText)).toEqual(['traces', 'traces/2']);
    expect(c.service.telemetry).toEqual({ metricsLevel: 'normal', metricsAddress: { host: 'localhost', port: 8888 }, logLevel: 'info' });
    const otlp = c.exporters.get('otlp/backend')!.config as { sendingQueue: unknown; retryOnFailure: unknown; timeoutMs: number };
    expect(otlp.sendingQueue).toEqual({ enabled: true, numConsumers: 10, queueSize: 1000, sizer: 'requests', blockOnOverflow: false });
    expect(otlp.retryOnFailure).toEqual({
      enabled: true,
      initialIntervalMs: 5000,
      randomizationFactor: 0.5,
      multiplier: 1.5,
      maxIntervalMs: 30000,
      maxElapsedTimeMs: 300000,
    });
    expect(otlp.timeoutMs).toBe(5000);
  });

  it('expands ${env:VAR} after parsing: a whole value takes the variable\'s type, defaults apply, $$ is a dollar', () => {
    const c = parse(
      `
receivers:
  otlp:
    protocols:
      http: { endpoint: "\${env:HOST}:\${env:PORT}" }
processors:
  batch: { send_batch_size: "\${env:SIZE}", timeout: "\${env:UNSET:-2s}" }
  attributes:
    actions: [{ key: price, action: insert, value: "$$5" }]
exporters:
  debug:
service:
  pipelines:
    traces: { receivers: [otlp], processors: [batch, attributes], exporters: [debug] }
`,
      { HOST: '127.0.0.1', PORT: '9999', SIZE: '100' },
    );
    expect((c.receivers.get('otlp')!.config as { http: { endpoint: unknown } }).http.endpoint).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(c.processors.get('batch')!.config).toMatchObject({ sendBatchSize: 100, timeoutMs: 2000 });
  });

  it('a variable cannot inject YAML structure', () => {
    expect(() => parse(`${BASE}processors:\n  batch: { timeout: "\${env:EVIL}" }\n${PIPE}`, { EVIL: '{ x: 1 }' })).toThrow(
      /processors\.batch\.timeout: must be a duration/,
    );
  });

  it('merges several documents, later ones winning and lists replaced', () => {
    const a = parseYaml(`${BASE}${PIPE}`);
    const b = parseYaml('exporters:\n  debug:\n    verbosity: detailed\n');
    const c = parseCollectorConfig(mergeDocs(a, b), registry);
    expect(c.exporters.get('debug')!.config).toMatchObject({ verbosity: 'detailed' });
  });
});

const invalid: [name: string, yaml: string, message: string][] = [
  ['unknown top-level key', `${BASE}${PIPE}extras: 1\n`, "extras: unknown key; supported keys: connectors, exporters, extensions, processors, receivers, service"],
  ['unknown receiver type', `receivers:\n  jaeger:\nexporters:\n  debug:\n${PIPE}`, 'receivers.jaeger: unknown receiver type "jaeger"; supported receivers: otlp, zipkin'],
  ['unknown processor type names it', `${BASE}processors:\n  k8sattributes:\n${PIPE}`, 'processors.k8sattributes: unknown processor type "k8sattributes"'],
  ['unknown key in a component', `${BASE}processors:\n  batch:\n    send_batch_sise: 10\n${PIPE}`, 'processors.batch.send_batch_sise: unknown key; supported keys: metadata_cardinality_limit, metadata_keys, send_batch_max_size, send_batch_size, timeout'],
  ['batch max below size', `${BASE}processors:\n  batch:\n    send_batch_size: 100\n    send_batch_max_size: 10\n${PIPE}`, 'processors.batch.send_batch_max_size: must be greater or equal to send_batch_size'],
  ['bad duration', `${BASE}processors:\n  batch:\n    timeout: soon\n${PIPE}`, "processors.batch.timeout: must be a duration such as 200ms, 5s or 1m, got 'soon'"],
  ['memory_limiter without check_interval', `${BASE}processors:\n  memory_limiter:\n    limit_mib: 100\n${PIPE}`, 'processors.memory_limiter.check_interval: must be greater than zero'],
  ['memory_limiter without a limit', `${BASE}processors:\n  memory_limiter:\n    check_interval: 1s\n${PIPE}`, "processors.memory_limiter.limit_mib: 'limit_mib' or 'limit_percentage' must be greater than zero"],
  ['memory_limiter spike above limit', `${BASE}processors:\n  memory_limiter:\n    check_interval: 1s\n    limit_mib: 100\n    spike_limit_mib: 100\n${PIPE}`, 'processors.memory_limiter.spike_limit_mib: must be smaller than limit_mib'],
  ['otlp receiver without protocols', `receivers:\n  otlp:\nexporters:\n  debug:\n${PIPE}`, 'receivers.otlp.protocols: must enable at least one protocol (grpc or http) when using the otlp receiver'],
  ['otlp receiver with tls', `receivers:\n  otlp:\n    protocols:\n      grpc:\n        tls:\n          cert_file: x.pem\nexporters:\n  debug:\n${PIPE}`, 'receivers.otlp.protocols.grpc.tls: is not supported by Ariadne: terminate TLS in front of Ariadne'],
  ['bad endpoint', `receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: nowhere\nexporters:\n  debug:\n${PIPE}`, "receivers.otlp.protocols.grpc.endpoint: 'nowhere' is not HOST:PORT"],
  ['otlp exporter without endpoint', `${RECEIVER}exporters:\n  otlp:\n${PIPE.replace('[debug]', '[otlp]')}`, 'exporters.otlp.endpoint: is required'],
  ['otlphttp exporter with a bad URL', `${RECEIVER}exporters:\n  otlphttp:\n    endpoint: backend:4318\n${PIPE.replace('[debug]', '[otlphttp]')}`, 'exporters.otlphttp.endpoint: must be an http:// or https:// URL'],
  ['sending_queue.queue_size zero', `${RECEIVER}exporters:\n  otlp:\n    endpoint: x:1\n    sending_queue:\n      queue_size: 0\n${PIPE.replace('[debug]', '[otlp]')}`, 'exporters.otlp.sending_queue.queue_size: must be at least 1, got 0'],
  ['persistent queue', `${RECEIVER}exporters:\n  otlp:\n    endpoint: x:1\n    sending_queue:\n      storage: file_storage\n${PIPE.replace('[debug]', '[otlp]')}`, 'exporters.otlp.sending_queue.storage: is not supported by Ariadne'],
  ['pipeline references a missing processor', `${BASE}service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [debug]\n`, 'service.pipelines.traces.processors[0]: references processor "batch" which is not configured'],
  ['pipeline without exporters', `${BASE}service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n`, 'service.pipelines.traces.exporters: must have at least one exporter'],
  ['pipeline without receivers', `${BASE}service:\n  pipelines:\n    traces:\n      exporters: [debug]\n`, 'service.pipelines.traces.receivers: must have at least one receiver'],
  ['no pipelines', `${BASE}service:\n  pipelines: {}\n`, 'service.pipelines: must have at least one pipeline'],
  ['bad pipeline id', `${BASE}service:\n  pipelines:\n    spans:\n      receivers: [otlp]\n      exporters: [debug]\n`, "service.pipelines.spans: 'spans' is not a pipeline id"],
  ['component listed twice', `${BASE}service:\n  pipelines:\n    traces:\n      receivers: [otlp, otlp]\n      exporters: [debug]\n`, 'service.pipelines.traces.receivers[1]: references receiver "otlp" more than once'],
  ['exporter without logs support', `${BASE}  zipkin:\n    endpoint: http://127.0.0.1:9411/api/v2/spans\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [zipkin]\n`, 'service.pipelines.logs.exporters[0]: exporter "zipkin" does not support logs (it supports traces)'],
  ['processor without metrics support', `${BASE}processors:\n  tail_sampling:\n    policies: [{ name: all, type: always_sample }]\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp]\n      processors: [tail_sampling]\n      exporters: [debug]\n`, 'service.pipelines.metrics.processors[0]: processor "tail_sampling" does not support metrics (it supports traces)'],
  ['filter log_record condition with a span path', `${BASE}processors:\n  filter:\n    logs:\n      log_record: ['kind == 2']\n${PIPE}`, 'processors.filter.logs.log_record[0]: cannot parse OTTL condition \'kind == 2\': unsupported OTTL path "kind"'],
  ['filter metrics include (older form)', `${BASE}processors:\n  filter:\n    metrics:\n      include: { match_type: strict, metric_names: [a] }\n${PIPE}`, 'processors.filter.metrics.include: is not supported by Ariadne'],
  ['ariadne exporter with data_dir and storage', `${BASE}  ariadne:\n    data_dir: ./d\n    storage: clickhouse://u:s3cret@h:8123/db\n${PIPE}`, 'exporters.ariadne.storage: cannot be set together with data_dir'],
  ['ariadne exporter storage not a ClickHouse URL', `${BASE}  ariadne:\n    storage: /var/lib/ariadne\n${PIPE}`, 'exporters.ariadne.storage: must be a ClickHouse URL'],
  ['ariadne exporter cluster without storage', `${BASE}  ariadne:\n    clickhouse_cluster: c1\n${PIPE}`, 'exporters.ariadne.clickhouse_cluster: needs storage'],
  ['unconfigured extension', `${BASE}service:\n  extensions: [health_check]\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [debug]\n`, 'service.extensions[0]: references extension "health_check" which is not configured'],
  ['connector used only as exporter', `${BASE}connectors:\n  forward:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [forward]\n`, 'service.pipelines.traces.exporters: connector "forward" used as exporter in traces pipeline but not used in any supported receiver pipeline'],
  ['connector cycle', `${BASE}connectors:\n  forward:\nservice:\n  pipelines:\n    traces/a:\n      receivers: [otlp, forward]\n      exporters: [forward]\n`, 'service.pipelines: cycle detected through connector(s) forward'],
  ['telemetry traces', `${BASE}service:\n  telemetry:\n    traces:\n      processors: []\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [debug]\n`, 'service.telemetry.traces: is not supported by Ariadne'],
  ['attributes action unknown', `${BASE}processors:\n  attributes:\n    actions:\n      - key: a\n        action: rename\n${PIPE}`, "processors.attributes.actions[0].action: unsupported action 'rename'"],
  ['attributes insert without value', `${BASE}processors:\n  attributes:\n    actions:\n      - key: a\n        action: insert\n${PIPE}`, 'processors.attributes.actions[0].value: either value or from_attribute must be set'],
  ['filter with an unsupported OTTL function', `${BASE}processors:\n  filter:\n    traces:\n      span:\n        - 'Substring(name, 0, 3) == "GET"'\n${PIPE}`, `processors.filter.traces.span[0]: cannot parse OTTL condition 'Substring(name, 0, 3) == "GET"': unsupported OTTL function "Substring"`],
  ['filter with an unsupported OTTL path', `${BASE}processors:\n  filter:\n    traces:\n      span:\n        - 'links[0] == nil'\n${PIPE}`, 'processors.filter.traces.span[0]: cannot parse OTTL condition'],
  ['probabilistic_sampler bad mode', `${BASE}processors:\n  probabilistic_sampler:\n    mode: random\n${PIPE}`, "processors.probabilistic_sampler.mode: unsupported sampler mode 'random'"],
  ['probabilistic_sampler negative', `${BASE}processors:\n  probabilistic_sampler:\n    sampling_percentage: -1\n${PIPE}`, 'processors.probabilistic_sampler.sampling_percentage: must be at least 0, got -1'],
];

describe('collector config: every error names its key path', () => {
  it.each(invalid)('%s', (name, yaml, message) => {
    let err: unknown;
    try {
      parse(yaml);
    } catch (e) {
      err = e;
    }
    expect(err, name).toBeInstanceOf(ConfigError);
    expect((err as Error).message, name).toContain(message);
    expect((err as Error).message, `${name}: no credentials in the message`).not.toContain('s3cret');
  });
});

const TS = (policies: string, extra = '') => `${BASE}processors:\n  tail_sampling:\n${extra}    policies:\n${policies}\n${PIPE}`;
const P0 = '      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }\n      - { name: always, type: always_sample }\n';
const tailInvalid: [name: string, yaml: string, message: string][] = [
  ['latency threshold not positive (the issue example)', TS(P0 + '      - { name: slow, type: latency, latency: { threshold_ms: -5 } }'), 'processors.tail_sampling.policies[2].latency.threshold_ms: must be a positive number'],
  ['latency without threshold', TS('      - { name: slow, type: latency, latency: {} }'), 'processors.tail_sampling.policies[0].latency.threshold_ms: is required'],
  ['no policies', TS('      []'), 'processors.tail_sampling.policies: must have at least one policy'],
  ['unknown policy type', TS('      - { name: x, type: bytes_limiting }'), "processors.tail_sampling.policies[0].type: unknown policy type 'bytes_limiting'"],
  ['missing name', TS('      - { type: always_sample }'), 'processors.tail_sampling.policies[0].name: is required'],
  ['duplicate name', TS('      - { name: a, type: always_sample }\n      - { name: a, type: always_sample }'), "processors.tail_sampling.policies[1].name: duplicate policy name 'a'"],
  ['section of another type', TS('      - { name: a, type: boolean_attribute, string_attribute: { key: k, values: [v] } }'), 'processors.tail_sampling.policies[0].string_attribute: does not apply to a policy of type boolean_attribute'],
  ['unknown key in a policy section', TS('      - { name: a, type: latency, latency: { threshold_ms: 5, treshold: 1 } }'), 'processors.tail_sampling.policies[0].latency.treshold: unknown key; supported keys: threshold_ms, upper_threshold_ms'],
  ['bad status code', TS('      - { name: a, type: status_code, status_code: { status_codes: [FAILED] } }'), "processors.tail_sampling.policies[0].status_code.status_codes[0]: unknown status code 'FAILED'"],
  ['bad regex', TS('      - { name: a, type: string_attribute, string_attribute: { key: k, values: ["("], enabled_regex_matching: true } }'), 'processors.tail_sampling.policies[0].string_attribute.values[0]: \'(\' is not a valid regular expression'],
  ['numeric without bounds', TS('      - { name: a, type: numeric_attribute, numeric_attribute: { key: k } }'), 'processors.tail_sampling.policies[0].numeric_attribute.min_value: set min_value, max_value or both'],
  ['rate limiting zero', TS('      - { name: a, type: rate_limiting, rate_limiting: { spans_per_second: 0 } }'), 'processors.tail_sampling.policies[0].rate_limiting.spans_per_second: must be a positive number'],
  ['and inside and', TS('      - { name: a, type: and, and: { and_sub_policy: [{ name: b, type: and, and: { and_sub_policy: [] } }] } }'), "processors.tail_sampling.policies[0].and.and_sub_policy[0].type: 'and' cannot be used here"],
  ['composite over-allocated', TS('      - name: c\n        type: composite\n        composite:\n          max_total_spans_per_second: 100\n          composite_sub_policy: [{ name: x, type: always_sample }, { name: y, type: always_sample }]\n          rate_allocation: [{ policy: x, percent: 60 }, { policy: y, percent: 50 }]'), 'processors.tail_sampling.policies[0].composite.rate_allocation: percents add up to 110, more than 100'],
  ['composite unknown policy_order name', TS('      - name: c\n        type: composite\n        composite:\n          max_total_spans_per_second: 100\n          policy_order: [z]\n          composite_sub_policy: [{ name: x, type: always_sample }]'), "processors.tail_sampling.policies[0].composite.policy_order[0]: names 'z', which is not a composite_sub_policy"],
  ['ottl with an unsupported function', TS('      - { name: o, type: ottl_condition, ottl_condition: { span: [\'Len(name) > 3\'] } }'), "processors.tail_sampling.policies[0].ottl_condition.span[0]: cannot parse OTTL condition 'Len(name) > 3': unsupported OTTL function \"Len\""],
  ['decision_wait not positive', TS(P0, '    decision_wait: 0s\n'), 'processors.tail_sampling.decision_wait: must be a positive duration'],
  ['num_traces zero', TS(P0, '    num_traces: 0\n'), 'processors.tail_sampling.num_traces: must be at least 1, got 0'],
  ['unknown decision_cache key', TS(P0, '    decision_cache: { sampled_cache: 10 }\n'), 'processors.tail_sampling.decision_cache.sampled_cache: unknown key'],
  ['loadbalancing without resolver', `${BASE}exporters:\n  loadbalancing:\n    protocol: { otlp: { tls: { insecure: true } } }\n${PIPE.replace('[debug]', '[loadbalancing]')}`.replace('exporters:\n  debug:\n', ''), 'exporters.loadbalancing.resolver: must set a resolver: static or dns'],
  ['loadbalancing k8s resolver', `${RECEIVER}exporters:\n  loadbalancing:\n    resolver: { k8s: { service: x } }\n${PIPE.replace('[debug]', '[loadbalancing]')}`, 'exporters.loadbalancing.resolver.k8s: is not supported by Ariadne'],
  ['loadbalancing routing by attributes', `${RECEIVER}exporters:\n  loadbalancing:\n    routing_key: attributes\n    resolver: { static: { hostnames: [a] } }\n${PIPE.replace('[debug]', '[loadbalancing]')}`, "exporters.loadbalancing.routing_key: 'attributes' is not supported by Ariadne"],
  ['loadbalancing endpoint in protocol', `${RECEIVER}exporters:\n  loadbalancing:\n    protocol: { otlp: { endpoint: x:1 } }\n    resolver: { static: { hostnames: [a] } }\n${PIPE.replace('[debug]', '[loadbalancing]')}`, 'exporters.loadbalancing.protocol.otlp.endpoint: is set by the resolver; remove it'],
];

describe('tail_sampling and loadbalancing config errors name their key path', () => {
  it.each(tailInvalid)('%s', (name, yaml, message) => {
    let err: unknown;
    try {
      parse(yaml);
    } catch (e) {
      err = e;
    }
    expect(err, name).toBeInstanceOf(ConfigError);
    expect((err as Error).message, name).toContain(message);
  });

  it('parses the Collector README example unchanged', () => {
    const c = parse(`${BASE}processors:
  tail_sampling:
    decision_wait: 10s
    num_traces: 100
    expected_new_traces_per_sec: 10
    decision_cache: { sampled_cache_size: 100_000, non_sampled_cache_size: 100_000 }
    policies:
      [
        { name: test-policy-1, type: always_sample },
        { name: test-policy-2, type: latency, latency: { threshold_ms: 5000, upper_threshold_ms: 10000 } },
        { name: test-policy-3, type: numeric_attribute, numeric_attribute: { key: key1, min_value: 50, max_value: 100 } },
        { name: test-policy-4, type: probabilistic, probabilistic: { sampling_percentage: 10 } },
        { name: test-policy-5, type: status_code, status_code: { status_codes: [ERROR, UNSET] } },
        { name: test-policy-6, type: string_attribute, string_attribute: { key: key2, values: [value1, value2] } },
        { name: test-policy-7, type: string_attribute, string_attribute: { key: key2, values: [value1, val*], enabled_regex_matching: true, cache_max_size: 10 } },
        { name: test-policy-8, type: rate_limiting, rate_limiting: { spans_per_second: 35 } },
        { name: test-policy-9, type: span_count, span_count: { min_spans: 2, max_spans: 20 } },
        { name: test-policy-10, type: trace_state, trace_state: { key: key3, values: [value1, value2] } },
        { name: test-policy-11, type: boolean_attribute, boolean_attribute: { key: key4, value: true } },
        { name: test-policy-12, type: ottl_condition, ottl_condition: { error_mode: ignore, span: ['attributes["test_attr_key_1"] == "test_attr_val_1"', 'attributes["test_attr_key_2"] != "test_attr_val_1"'], spanevent: ['name != "test_span_event_name"', 'attributes["test_event_attr_key_2"] != "test_event_attr_val_1"'] } },
        { name: and-policy-1, type: and, and: { and_sub_policy: [ { name: test-and-policy-1, type: numeric_attribute, numeric_attribute: { key: key1, min_value: 50, max_value: 100 } }, { name: test-and-policy-2, type: string_attribute, string_attribute: { key: key2, values: [value1, value2] } } ] } },
        { name: drop-policy-1, type: drop, drop: { drop_sub_policy: [ { name: test-drop-policy-1, type: string_attribute, string_attribute: { key: url.path, values: [\\/health, \\/metrics], enabled_regex_matching: true } } ] } },
        { name: composite-policy-1, type: composite, composite: { max_total_spans_per_second: 1000, policy_order: [test-composite-policy-1, test-composite-policy-2, test-composite-policy-3], composite_sub_policy: [ { name: test-composite-policy-1, type: numeric_attribute, numeric_attribute: { key: key1, min_value: 50 } }, { name: test-composite-policy-2, type: string_attribute, string_attribute: { key: key2, values: [value1, value2] } }, { name: test-composite-policy-3, type: always_sample } ], rate_allocation: [ { policy: test-composite-policy-1, percent: 50 }, { policy: test-composite-policy-2, percent: 25 } ] } },
      ]
${PIPE.replace('receivers: [otlp]', 'receivers: [otlp]\n      processors: [tail_sampling]')}`);
    const cfg = c.processors.get('tail_sampling')!.config as { policies: unknown[]; decisionWaitMs: number; sampledCacheSize: number };
    expect(cfg.policies).toHaveLength(15);
    expect(cfg.decisionWaitMs).toBe(10_000);
    expect(cfg.sampledCacheSize).toBe(100_000);
  });
});

describe('collector config: a signal a component cannot serve is refused when the service is built', () => {
  it('otlphttp in a logs pipeline without endpoint or logs_endpoint names the key to set', () => {
    const config = parse(`${BASE}  otlphttp:\n    traces_endpoint: http://127.0.0.1:4318/v1/traces\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [otlphttp]\n`);
    expect(() => new CollectorService(config, { log: () => {} })).toThrow('exporters.otlphttp: is used in a logs pipeline but has no URL for logs: set endpoint or logs_endpoint');
  });

  it('otlphttp logs_endpoint alone serves a logs pipeline', () => {
    const config = parse(`${BASE}  otlphttp:\n    logs_endpoint: http://127.0.0.1:4318/v1/logs\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [otlphttp]\n`);
    expect(() => new CollectorService(config, { log: () => {} })).not.toThrow();
  });
});
