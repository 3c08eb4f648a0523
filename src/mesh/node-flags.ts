/**
 * Node flags for a proxy process (sidecar or edge): memory held down without giving up
 * latency. Whoever starts the proxy puts them on its command line (demo, bench/proxy.js,
 * a container):
 *
 *   node --max-semi-space-size=4 --heap-growing-percent=20 bin/ariadne.js sidecar ...
 *
 * Measured with `flock -x /tmp/ariadne-bench.lock node bench/proxy.js` after
 * `npm run build`, 2 cores shared with other work (load 1.4-2.0), medians of 4 runs;
 * added per hop at 500 req/s, p50 / p99, and the sidecar's peak RSS at 500 req/s:
 *
 *                                           sidecar       edge          RSS
 *   undici, --optimize-for-size (before)    0.37 / 3.6    0.50 / 3.9    74.8 MiB
 *   node:http, these flags                  0.33 / 1.9    0.40 / 2.5    76.8 MiB
 *   node:http, V8 defaults                                              79.3 MiB (*)
 *
 * (*) a sidecar that carries half the requests (bench/proxy.js's second sidecar); it
 * was 101.6 MiB with undici. The proxies' own code (node:http instead of undici's
 * WebAssembly parser, no prom-client/protobufjs) is where most of the memory went.
 *
 * - --max-semi-space-size=4: V8 grows a busy proxy's young generation to 2 x 16 MiB,
 *   because the objects of requests in flight keep surviving scavenges; a proxy's
 *   objects live for a millisecond, so 2 x 4 MiB does. It cannot be set once V8 has set
 *   up its heap (v8.setFlagsFromString left new space at 32 MiB), hence the command line.
 * - --heap-growing-percent=20: a proxy's live heap is small (~8 MiB after a full GC),
 *   but full GCs cost it so little that V8 let the old generation grow to ~3x that
 *   before the next one (--trace-gc at 500 req/s: 21.9 -> 7.8 MB, 28 s apart), and the
 *   sidecar's RSS climbed by ~0.3 MiB/s until then (~90 MiB in the bench). A growing
 *   factor of 1.2 brings a full GC at ~13 MB, every ~10 s, 1-5 ms each and mostly
 *   incremental: p99 unchanged within this machine's noise, ~13 MiB less at peak. The
 *   price shows at 2,000 req/s, where full GCs come more often: sidecar p99 12 ms
 *   against 8.6 ms with --max-semi-space-size=4 alone (2 runs); for a proxy that must
 *   carry thousands of requests a second, leave this flag out.
 * - not --optimize-for-size any more: it also caps the young generation at 2 x 1 MiB
 *   whatever --max-semi-space-size says, and runs "reduce" full GCs often; that is
 *   where the p99 went (3.6 ms above).
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=20'];
