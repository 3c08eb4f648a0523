/**
 * Node flags for a process that runs a proxy (sidecar or edge), for whoever starts it
 * (`ariadne demo`, bench/proxy.js, a container's command line):
 *
 *   node --max-semi-space-size=4 bin/ariadne.js sidecar ...
 *
 * V8 grows its young generation to 2 x 16 MiB under a steady request rate, because
 * the objects of requests in flight keep surviving scavenges; a proxy's objects live
 * for a millisecond, so 2 x 4 MiB is enough. Measured at 500 req/s through a sidecar:
 * peak RSS ~100 MiB without, ~85 MiB with; 2 MiB promoted more to the old generation
 * and peaked higher. Unlike --liftoff-only (set in bin/ariadne.js), this flag cannot
 * be changed once V8 has set up its heap, so it has to be on the command line.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
