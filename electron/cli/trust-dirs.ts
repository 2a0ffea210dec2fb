import { homedir } from 'node:os';
import { registeredTrustDirs } from '../core/vault/registered-trust-dirs';
import type { CliContext } from './context';

/** The trust dirs a locked vault may touch from the CLI: the command's --trust-dir, the app's and the defaults. */
export const cliTrustDirs = (ctx: Pick<CliContext, 'dataDir' | 'trustDir' | 'env'>): string[] =>
  registeredTrustDirs(ctx.dataDir, { home: ctx.env.HOME || homedir(), dockerConfig: ctx.env.DOCKER_CONFIG }, [ctx.trustDir]);
