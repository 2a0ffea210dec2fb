/**
 * The app's main process for one run of bench/ui-open.ts: a fresh Node process holding the real core behind the
 * guarded dispatcher, as Electron's main holds it. The bench's page reaches it through a binding, as the e2e harness
 * does, but the core starts cold at each run (no code already compiled and optimized by earlier runs, no module
 * state) as it does when the app is started. Started with `node --import tsx bench/ui-open-core.ts HOME DOCKER_CONFIG
 * DATA_DIR ORIGIN` over an IPC channel; says {ready} once loaded, then answers {id, channel, args, sender} with
 * {id, text}: the answer as main's IPC sends it (shared/wire/codecs.ts), in JSON; {id, cpu: true} with {id, cpu}: its
 * CPU time so far in ms. Core's events go up as {event, json}.
 */
import { createHarnessPorts, type HarnessEvents } from '../e2e/harness/ports';
import { createVaultCore } from '../e2e/harness/vault-bridge';
import { encodeAnswer } from '../shared/wire/codecs';
import type { EventName } from '../shared/contract';

export interface CoreCall {
  id: number;
  channel: unknown;
  args: unknown;
  sender: { isMainFrame: boolean; url: string };
}

const [home, dockerConfig, dataDir, origin] = process.argv.slice(2);
if (!home || !dockerConfig || !dataDir || !origin || !process.send) {
  console.error('usage: node --import tsx bench/ui-open-core.ts HOME DOCKER_CONFIG DATA_DIR ORIGIN (with an IPC channel)');
  process.exit(2);
}
const send = process.send.bind(process);
const core = createVaultCore(createHarnessPorts({ home, dockerConfig, dataDir }), origin);
(core.ports.events as Partial<HarnessEvents>).attach?.((name: EventName, payload: unknown) => send({ event: name, json: JSON.stringify(payload) }));
process.on('message', (m: CoreCall | { id: number; cpu: true }) => {
  if ('cpu' in m) {
    const { user, system } = process.cpuUsage();
    send({ id: m.id, cpu: (user + system) / 1000 });
    return;
  }
  void core.dispatch(m.channel, m.args, m.sender).then((result) => send({ id: m.id, text: JSON.stringify(encodeAnswer(String(m.channel), result)) }));
});
process.on('disconnect', () => process.exit(0));
send({ ready: true });
