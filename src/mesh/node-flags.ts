/**
 * Node flags for a proxy process (sidecar or edge) where memory matters more than peak
 * throughput, as in `ariadne demo` (seven proxies at a few requests a second). Whoever
 * starts the proxy puts them on its command line (demo, bench/proxy.js, a container):
 *
 *   node --max-semi-space-size=4 --optimize-for-size bin/ariadne.js sidecar ...
 *
 * Measured on 2 shared cores at 500 req/s (bench/proxy.js, same run A/B; the machine
 * was loaded, so throughput figures are rough):
 *
 *   V8 defaults                         peak RSS ~105 MiB   closed-loop max ~2,700 req/s
 *   these flags                         peak RSS  ~82 MiB   closed-loop max ~2,050 req/s
 *
 * - --max-semi-space-size=4: V8 grows a busy proxy's young generation to 2 x 16 MiB,
 *   because the objects of requests in flight keep surviving scavenges; a proxy's
 *   objects live for a millisecond, so 2 x 4 MiB does (~100 -> ~85 MiB). 2 MiB promoted
 *   more to the old generation and peaked higher. It cannot be set once V8 has set up
 *   its heap (v8.setFlagsFromString left new space at 32 MiB), hence the command line.
 * - --optimize-for-size: smaller heap growth steps and earlier memory reduction, ~5
 *   MiB more; it also optimizes less, which is where the throughput goes: leave it out
 *   for a proxy that must carry thousands of requests a second.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--optimize-for-size'];
