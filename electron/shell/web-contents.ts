import type { WebContents } from 'electron';

/** What hardening needs of a WebContents; a subset, so tests can hand in a fake. */
export type HardenableWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every WebContents the app creates (app 'web-contents-created'): the vault's window shows our one
 * page and nothing else. In-page navigation (hash, history API) does not fire these events, so the SPA still works.
 */
export function hardenWebContents(contents: HardenableWebContents): void {
  const deny = (event: { preventDefault(): void }) => event.preventDefault();
  // Links, location changes, form posts and redirects in any frame would replace the vault with other content.
  contents.on('will-navigate', deny);
  contents.on('will-frame-navigate', deny);
  contents.on('will-redirect', deny);
  // <webview> is off in webPreferences; refuse attaching one anyway, in case any page ever asks.
  contents.on('will-attach-webview', deny);
  // window.open and target=_blank: never a second window, never the system browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
