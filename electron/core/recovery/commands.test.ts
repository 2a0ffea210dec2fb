import { describe, expect, it } from 'vitest';
import { RecoveryCommands, shellWord } from './commands';

describe('recovery commands', () => {
  it('quote words a shell would split, and leave <placeholders> for the user to fill in', () => {
    expect(shellWord('example.com/team/app')).toBe('example.com/team/app');
    expect(shellWord('/home/me/My Keys/trust')).toBe(`'/home/me/My Keys/trust'`);
    expect(shellWord(`it's`)).toBe(`'it'\\''s'`);
    expect(shellWord('<URL>')).toBe('<URL>');
  });

  it('name the server, its CA and a non-default trust dir the way each tool spells them', () => {
    const cmd = new RecoveryCommands('example.com/app', { server: 'https://n.example.com:4443', ca: '/etc/ca dir/ca.pem', trustDir: '/t' });
    expect(cmd.rotate('targets')).toBe(`trust-vault repo rotate example.com/app targets --server https://n.example.com:4443 --ca '/etc/ca dir/ca.pem' --trust-dir /t`);
    expect(cmd.deleteRemote()).toBe(`notary -s https://n.example.com:4443 --tlscacert '/etc/ca dir/ca.pem' -d /t delete example.com/app --remote`);
    expect(cmd.forget()).toBe('trust-vault trust forget --gun example.com/app --yes --trust-dir /t');
  });

  it('without a server, commands carry <URL>; tags are signed by the vault, with their digest when known', () => {
    const cmd = new RecoveryCommands('docker.io/library/alpine', {});
    expect(cmd.init()).toBe('trust-vault repo init docker.io/library/alpine --server <URL>');
    expect(cmd.signTag('3.20')).toBe('trust-vault tag sign docker.io/library/alpine:3.20 --server <URL>');
    expect(cmd.signTag('3.20', 'ab'.repeat(32))).toBe(`trust-vault tag sign docker.io/library/alpine:3.20@sha256:${'ab'.repeat(32)} --server <URL>`);
  });
});
