import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { channelOf, contract, EVENT_NAMES, eventChannelOf } from '../shared/contract';

/**
 * What the preload (and the e2e harness's stand-in for it) needs of the contract: the names of its groups,
 * operations and events, and how a name becomes a channel. Not zod's schemas: main checks every call against those,
 * and in the preload they were 750 KB the page parsed at every start (issue 17, the app's cold open). The module is
 * made at build time from the contract itself, so the contract stays the one source of truth.
 */
export function contractNamesSource(): string {
  const names = Object.fromEntries(Object.entries(contract).map(([group, ops]) => [group, Object.fromEntries(Object.keys(ops).map((op) => [op, true]))]));
  return [
    `export const contract = ${JSON.stringify(names)};`,
    `export const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};`,
    `export const channelOf = ${channelOf.toString()};`,
    `export const eventChannelOf = ${eventChannelOf.toString()};`,
  ].join('\n');
}

/**
 * An esbuild plugin giving every import of the contract in a bundle the names-only module above. `contractFile` is
 * shared/contract.ts's absolute path; a bundle that needed more of the contract than the names fails to build.
 */
export function contractNamesPlugin(contractFile: string): Plugin {
  const target = contractFile.replace(/\.ts$/, '');
  return {
    name: 'contract-names',
    setup(b) {
      b.onResolve({ filter: /contract$/ }, (args) => (join(args.resolveDir, args.path) === target ? { path: 'contract', namespace: 'contract-names' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({ contents: contractNamesSource(), loader: 'js' }));
    },
  };
}
