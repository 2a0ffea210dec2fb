import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * DESIGN.md, Security rules: the renderer is an ordinary sandboxed web page with no Node, isolated from the
 * preload, that cannot load insecure or remote content. Spellcheck stays off: it would download dictionaries from
 * the network and read what is typed (passphrases included). devTools only in development builds.
 */
export function hardenedWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools ?? false,
  };
}

/** The one window; shown when its first paint is ready so the user never sees a blank frame. */
export function mainWindowOptions(preloadPath: string, options: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Trust Vault',
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: hardenedWebPreferences(preloadPath, options),
  };
}
