import type { ArgsIn, Contract, GroupName, OpName, ResultOf } from './contract';
import { contract, channelOf } from './contract';
import type { Result } from './result';
import { answerDecoder } from './wire/codecs';

/** The typed `window.vault`: one method per contract operation, nothing else (no generic invoke). */
export type VaultApi = {
  [G in GroupName]: {
    [O in OpName<G>]: (args: ArgsIn<G, O>) => Promise<Result<ResultOf<G, O>>>;
  };
};

export type Invoke = (channel: string, args: unknown) => Promise<unknown>;

/**
 * Builds window.vault from the contract. The preload calls it with ipcRenderer.invoke; the e2e harness calls it
 * with a binding into the same guarded dispatcher main uses.
 */
export function makeVaultApi(invoke: Invoke): VaultApi {
  const api: Record<string, Record<string, (args: unknown) => Promise<unknown>>> = {};
  for (const group of Object.keys(contract) as (keyof Contract)[]) {
    const methods: Record<string, (args: unknown) => Promise<unknown>> = {};
    for (const name of Object.keys(contract[group])) {
      const channel = channelOf(group, name);
      // An answer packed for the trip (shared/wire/codecs.ts) is unpacked here, before the page sees it.
      const decode = answerDecoder(channel);
      methods[name] = decode ? (args: unknown) => invoke(channel, args ?? {}).then(decode) : (args: unknown) => invoke(channel, args ?? {});
    }
    api[group] = Object.freeze(methods);
  }
  return Object.freeze(api) as unknown as VaultApi;
}
