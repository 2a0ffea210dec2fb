import { join } from 'node:path';
import { type RunningNotaryServer, startNotaryServer } from './notary-server';
import { type RegistryAuth, type RunningRegistry, startRegistry } from './registry';

/** A docker-registry and a notary-server side by side on loopback: what a publisher signing image tags talks to. */
export interface RegistryBed {
  registry: RunningRegistry;
  server: RunningNotaryServer;
}

/**
 * Starts Debian's docker-registry (with `auth`) and notary-server in `dir` (`dir/registry`, `dir/server`), runs
 * `fn` with them and stops both by PID, whatever `fn` did. One started and the other failing stops the first.
 */
export async function withRegistryBed<T>(dir: string, fn: (bed: RegistryBed) => Promise<T>, auth: RegistryAuth = { kind: 'none' }): Promise<T> {
  const [server, registry] = await Promise.allSettled([startNotaryServer(join(dir, 'server')), startRegistry(join(dir, 'registry'), auth)]);
  try {
    if (server.status === 'rejected') throw server.reason;
    if (registry.status === 'rejected') throw registry.reason;
    return await fn({ registry: registry.value, server: server.value });
  } finally {
    await Promise.all([registry.status === 'fulfilled' && registry.value.stop(), server.status === 'fulfilled' && server.value.stop()]);
  }
}
