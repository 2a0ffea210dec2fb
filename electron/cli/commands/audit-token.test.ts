import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSoftHsm, SOFTHSM2_MODULE, type SoftHsm } from '../../../test/support/softhsm';
import { ensureBuiltCli, runBuiltCli } from '../../../test/support/vault-cli';
import { AuditLog } from '../../core/audit/audit-log';

/**
 * `token generate-root` runs its PKCS#11 work in the token worker built beside the CLI, so this family is tested
 * through the built CLI, on a SoftHSM2 token: a login and a root key, one entry each.
 */
let tmp: string;
let hsm: SoftHsm;
beforeAll(() => {
  ensureBuiltCli();
  tmp = mkdtempSync(join(tmpdir(), 'tv-audit-token-'));
  hsm = makeSoftHsm(join(tmp));
});
afterAll(() => {
  hsm?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

it('token generate-root appends token.login and token.root-generated; a wrong PIN one failed token.login', () => {
  hsm.initToken({ label: 'audit-token', pin: '24680', soPin: '13579111' });
  const data = join(tmp, 'data');
  const env = { HOME: tmp, SOFTHSM2_CONF: hsm.conf, TV_PIN: '24680', TV_BAD: '11111', TV_PASS: 'token backup passphrase' };
  const run = (pin: string) =>
    runBuiltCli(['token', 'generate-root', '--module', SOFTHSM2_MODULE, '--token', 'audit-token', '--pin-env', pin, '--passphrase-env', 'TV_PASS', '--trust-dir', join(tmp, 'trust'), '--data-dir', data, '--json'], env, tmp);
  const wrong = run('TV_BAD');
  expect(wrong.status).toBe(1);
  const made = run('TV_PIN');
  expect(made.status, made.stderr).toBe(0);
  const id = (JSON.parse(made.stdout) as { id: string }).id;
  const log = new AuditLog({ dataDir: data, via: 'cli' });
  expect(log.list().map((e) => [e.action, e.result, e.error, e.keyIds])).toEqual([
    ['token.login', 'failed', 'TOKEN_PIN_INCORRECT', []],
    ['token.login', 'ok', null, []],
    ['token.root-generated', 'ok', null, [id]],
  ]);
  expect(log.list()[2]).toMatchObject({ role: 'root', actor: { via: 'cli' } });
  expect(log.exportJsonLines()).not.toContain('24680');
  expect(log.verify().ok).toBe(true);
});
