import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directives = () =>
  new Map(contentSecurityPolicy().split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));

describe('contentSecurityPolicy', () => {
  it('is the strict policy: our own origin only, nothing inline, nothing framed', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('never allows inline code, eval, or remote sources', () => {
    const policy = contentSecurityPolicy();
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", 'http:', 'https:', 'ws:', '*', 'blob:', 'file:']) {
      expect(policy.split(/[ ;]+/)).not.toContain(loose);
    }
  });

  it('names each directive once', () => {
    const names = contentSecurityPolicy().split('; ').map((d) => d.split(' ')[0]);
    expect(new Set(names).size).toBe(names.length);
    expect(directives().get('default-src')).toBe("'self'");
    expect(directives().get('img-src')).toBe("'self' data:");
  });
});
