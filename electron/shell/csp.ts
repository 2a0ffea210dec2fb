/**
 * The Content-Security-Policy of every page and file the app serves. Everything comes from our own origin: no
 * inline or eval'd script, no inline style (React's style props go through CSSOM, which CSP does not restrict),
 * no frames, no workers, no plugins, no forms, and no way to re-point relative URLs with <base>.
 */
const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['worker-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export function contentSecurityPolicy(): string {
  return DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
}
