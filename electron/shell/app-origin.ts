import type { CustomScheme } from 'electron';

/** The app's own pages are served from app://vault/ (never file://), so they have one origin we can check. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'vault';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: relative URLs and a real origin; secure: a secure context like https; supportFetchAPI: module scripts
 * and fetch work. Deliberately not bypassCSP and not corsEnabled (which would let other origins read our files).
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};
