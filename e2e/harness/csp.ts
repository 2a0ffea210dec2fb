import { contentSecurityPolicy } from '../../electron/shell/csp';

/**
 * The Content-Security-Policy the harness's static server sends with every response: the app's own policy
 * (electron/shell/csp.ts, what the app:// protocol sends), so the built renderer runs under the real policy.
 */
export const HARNESS_CSP = contentSecurityPolicy();
