import { describe, expect, it } from 'vitest';
import { toRequest, type GenerateForm } from './generate-form';

const base: GenerateForm = { choice: 'root', gun: '', name: '', algorithm: 'ecdsa', writePublicKey: true };

describe('toRequest', () => {
  it('root needs nothing else', () => {
    expect(toRequest(base).request).toEqual({ role: 'root', algorithm: 'ecdsa', writePublicKey: false });
  });
  it('targets and snapshot need a valid GUN', () => {
    expect(toRequest({ ...base, choice: 'targets' }).errors.gun).toMatch(/GUN is needed/);
    expect(toRequest({ ...base, choice: 'targets', gun: 'bad//gun' }).errors.gun).toBeTruthy();
    expect(toRequest({ ...base, choice: 'snapshot', gun: 'registry.example.com/team/app', algorithm: 'rsa4096' }).request).toEqual({
      role: 'snapshot',
      gun: 'registry.example.com/team/app',
      algorithm: 'rsa',
      rsaBits: 4096,
      writePublicKey: false,
    });
  });
  it('delegations become targets/<name>; signers use docker key names and may write NAME.pub', () => {
    expect(toRequest({ ...base, choice: 'delegation', name: 'releases' }).request?.role).toBe('targets/releases');
    expect(toRequest({ ...base, choice: 'delegation', name: '../x' }).errors.name).toBeTruthy();
    expect(toRequest({ ...base, choice: 'signer', name: 'alice', algorithm: 'ed25519' }).request).toEqual({
      role: 'alice',
      algorithm: 'ed25519',
      writePublicKey: true,
    });
    expect(toRequest({ ...base, choice: 'signer', name: 'Alice' }).errors.name).toBeTruthy();
    expect(toRequest({ ...base, choice: 'signer', name: 'root' }).errors.name).toBeTruthy();
  });
});
