import { describe, expect, it } from 'vitest';
import { minimalChildEnv } from './child-env';
import { hostEnvironment } from './test-hooks';

describe('minimalChildEnv (issue 12, point 6)', () => {
  it('keeps what a process and a PKCS#11 module need, never anything else', () => {
    const env = { PATH: '/usr/bin', HOME: '/home/ana', LANG: 'C.UTF-8', LC_CTYPE: 'C.UTF-8', SOFTHSM2_CONF: '/tmp/softhsm2.conf', TV_PASS: 'secret', AWS_SECRET_ACCESS_KEY: 'x', NODE_OPTIONS: '--inspect', DOCKER_CONFIG: '/d' };
    expect(minimalChildEnv(env)).toEqual({ PATH: '/usr/bin', HOME: '/home/ana', LANG: 'C.UTF-8', LC_CTYPE: 'C.UTF-8', SOFTHSM2_CONF: '/tmp/softhsm2.conf' });
  });

  it('drops an allowlisted name when a --*-env option named it as a secret', () => {
    expect(minimalChildEnv({ PATH: '/usr/bin', TMPDIR: 'hunter2' }, ['TMPDIR'])).toEqual({ PATH: '/usr/bin' });
  });
});

describe('hostEnvironment: test hooks only outside a packaged app', () => {
  const env = { PATH: '/usr/bin', TRUST_VAULT_INJECT_DRIVES: '/tmp/drives.json', TRUST_VAULT_PKCS11_MODULES: '/tmp/evil.so', TRUST_VAULT_ANYTHING: '1' };
  it('passes every variable in development and tests', () => {
    expect(hostEnvironment(env, false)).toBe(env);
  });
  it('drops every TRUST_VAULT_* variable when packaged', () => {
    expect(hostEnvironment(env, true)).toEqual({ PATH: '/usr/bin' });
  });
});
