import type { ArgsOut, GroupName, OpName, ResultOf } from '../../../shared/contract';
import { contract, listOperations } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { failure, success } from '../../../shared/result';
import { isVaultError } from '../errors';
import type { SenderInfo } from './sender';
import { isTrustedSender } from './sender';

/** One core function per contract operation, receiving arguments already parsed against the contract's schema. */
export type Handlers = {
  [G in GroupName]: {
    [O in OpName<G>]: (args: ArgsOut<G, O>) => Promise<ResultOf<G, O>> | ResultOf<G, O>;
  };
};

export type Dispatch = (channel: unknown, args: unknown, sender: SenderInfo | null) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  /** The origin the app's own pages are served from (app://vault in Electron, http://127.0.0.1:PORT in the harness). */
  appOrigin: string;
  /** Where unexpected errors go (never to the renderer): main's log. Secrets are never in arguments logged here. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

/**
 * The guard in front of every handler, used by electron/ipc.ts and by the e2e harness alike:
 * 1. the sender is our main frame; 2. the channel is a contract operation; 3. the argument parses against its schema.
 * Only then does the handler run. Errors come back as codes and messages; unexpected ones as INTERNAL without detail.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const routes = new Map<string, { group: GroupName; name: string }>();
  for (const { group, name, channel } of listOperations()) routes.set(channel, { group, name });

  return async (channel, args, sender) => {
    if (!isTrustedSender(sender, options.appOrigin)) {
      return failure('FORBIDDEN_SENDER', 'This request did not come from the Trust Vault window.');
    }
    const route = typeof channel === 'string' ? routes.get(channel) : undefined;
    if (!route) {
      // Never String() a value we do not know: an object without a prototype would throw out of the guard.
      const named = typeof channel === 'string' ? channel.slice(0, 80) : `(a ${typeof channel})`;
      return failure('UNKNOWN_OPERATION', `Unknown operation: ${named}`);
    }

    const operation = (contract[route.group] as Record<string, { args: import('zod').ZodType }>)[route.name]!;
    const parsed = operation.args.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return failure('INVALID_ARGUMENT', `Invalid argument for ${route.group}.${route.name}: ${where}${issue?.message ?? 'does not match'}`);
    }

    const handler = (handlers[route.group] as Record<string, (a: unknown) => unknown>)[route.name]!;
    try {
      return success(await handler(parsed.data));
    } catch (e) {
      if (isVaultError(e)) return failure(e.code, e.message);
      options.onUnexpectedError?.(String(channel), e);
      return failure('INTERNAL', 'Something unexpected went wrong inside the vault; nothing was changed.');
    }
  };
}
