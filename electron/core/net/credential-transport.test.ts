import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import { assertCredentialTransport, hostOf, isLoopbackHost, mayCarryCredentials, mayUsePlainHttp } from './credential-transport';

const codeOf = (f: () => void): string => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof VaultError ? e.code : 'not a VaultError';
  }
};

describe('assertCredentialTransport (issue 12, point 5)', () => {
  it('lets credentials go over https, and over http only to a server marked insecure', () => {
    expect(codeOf(() => assertCredentialTransport('https://notary.example.com', { hasCredentials: true }))).toBe('no error');
    expect(codeOf(() => assertCredentialTransport('http://127.0.0.1:4443', { hasCredentials: true }))).toBe('INSECURE_TRANSPORT');
    expect(codeOf(() => assertCredentialTransport(new URL('http://[::1]:80/'), { hasCredentials: true }))).toBe('INSECURE_TRANSPORT');
    expect(codeOf(() => assertCredentialTransport('http://127.0.0.1:4443', { hasCredentials: true, insecureHttp: true }))).toBe('no error');
    // No credentials, nothing to protect: plain http is the server's business.
    expect(codeOf(() => assertCredentialTransport('http://127.0.0.1:4443', { hasCredentials: false }))).toBe('no error');
    expect(codeOf(() => assertCredentialTransport('ftp://x', { hasCredentials: true, insecureHttp: true }))).toBe('INSECURE_TRANSPORT');
    expect(codeOf(() => assertCredentialTransport('not a url', { hasCredentials: true }))).toBe('INVALID_ARGUMENT');
  });

  it('names the server, the credentials and the way out', () => {
    expect(() => assertCredentialTransport('http://registry.local:5000/v2/', { hasCredentials: true, what: 'the registry password' })).toThrow(
      /the registry password for http:\/\/registry\.local:5000 not sent: it is plain http.*--insecure-http.*nothing was sent/,
    );
  });
});

describe('the shared rule (notary and registry clients both decide with it)', () => {
  const notary = { insecure: false, loopbackPlainHttp: false };
  const registry = { insecure: false, loopbackPlainHttp: true };
  const marked = { insecure: true, loopbackPlainHttp: false };

  it('credentials always over https, never over anything but http(s)', () => {
    for (const rule of [notary, registry, marked]) {
      expect(mayCarryCredentials(new URL('https://example.com/x'), rule)).toBe(true);
      expect(mayCarryCredentials(new URL('ftp://127.0.0.1/x'), rule)).toBe(false);
    }
  });

  it('plain http: loopback only where the caller follows docker, any host once marked insecure', () => {
    for (const u of ['http://127.0.0.1:5000/v2/', 'http://127.9.8.7/', 'http://localhost:80/', 'http://[::1]:5000/']) {
      expect(mayCarryCredentials(new URL(u), registry), u).toBe(true);
      expect(mayCarryCredentials(new URL(u), notary), u).toBe(false);
      expect(mayCarryCredentials(new URL(u), marked), u).toBe(true);
    }
    for (const u of ['http://128.0.0.1/', 'http://reg.example.com:5000/', 'http://127.0.0.1.example.com/']) {
      expect(mayCarryCredentials(new URL(u), registry), u).toBe(false);
      expect(mayCarryCredentials(new URL(u), marked), u).toBe(true);
    }
    expect(mayUsePlainHttp('127.0.0.1', registry)).toBe(true);
    expect(mayUsePlainHttp('127.0.0.1', notary)).toBe(false);
    expect(mayUsePlainHttp('reg.lan', marked)).toBe(true);
  });

  it('reads hosts as docker writes them', () => {
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(hostOf('127.0.0.1:5000')).toBe('127.0.0.1');
    expect(hostOf('[::1]:5000')).toBe('::1');
    expect(hostOf('reg.lan')).toBe('reg.lan');
  });
});
