import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import { assertCredentialTransport } from './credential-transport';

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
