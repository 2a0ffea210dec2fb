import type { ServerAuth } from '../core/notary/http-client';
import { secretFromEnv } from './args';
import type { CliContext } from './context';
import { UsageError } from './usage-error';

/**
 * Credentials for a notary server, from environment variables named on the command line, never from argv:
 * `--token-env VAR` (bearer), or `--user-env VAR --password-env VAR` (basic). Used by status, repo and recover.
 * They go over https only, unless `--insecure-http` says the person accepts plain http for this server
 * (core/net/credential-transport.ts).
 */
export function serverAuthOf(ctx: CliContext): { auth?: ServerAuth; insecureHttp?: boolean } {
  const v = ctx.args.values;
  const insecure = v['insecure-http'] === true ? { insecureHttp: true } : {};
  const user = secretFromEnv(ctx.env, 'user-env', v['user-env']);
  const password = secretFromEnv(ctx.env, 'password-env', v['password-env']);
  const token = secretFromEnv(ctx.env, 'token-env', v['token-env']);
  if (token !== undefined && (user !== undefined || password !== undefined)) throw new UsageError('give either --token-env or --user-env/--password-env, not both');
  if (token !== undefined) return { auth: { bearer: token }, ...insecure };
  if ((user === undefined) !== (password === undefined)) throw new UsageError('--user-env and --password-env go together');
  return user !== undefined && password !== undefined ? { auth: { basic: { user, password } }, ...insecure } : insecure;
}
