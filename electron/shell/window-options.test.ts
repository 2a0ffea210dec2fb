import { describe, expect, it } from 'vitest';
import { hardenedWebPreferences, mainWindowOptions } from './window-options';

describe('hardenedWebPreferences', () => {
  it('is exactly the hardened set DESIGN.md asks for', () => {
    expect(hardenedWebPreferences('/app/dist/electron/preload.js')).toEqual({
      preload: '/app/dist/electron/preload.js',
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
      devTools: false,
    });
  });

  it('enables DevTools only when asked (development builds), and nothing else changes', () => {
    const dev = hardenedWebPreferences('/p.js', { devTools: true });
    expect(dev.devTools).toBe(true);
    expect({ ...dev, devTools: false }).toEqual(hardenedWebPreferences('/p.js'));
  });

  it('sets nothing that would loosen the sandbox', () => {
    const prefs = hardenedWebPreferences('/p.js') as Record<string, unknown>;
    for (const loosening of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session', 'plugins', 'enableWebSQL']) {
      expect(prefs).not.toHaveProperty(loosening);
    }
  });

  it('returns a fresh object each time, so no caller can loosen another window', () => {
    const a = hardenedWebPreferences('/p.js');
    a.sandbox = false;
    expect(hardenedWebPreferences('/p.js').sandbox).toBe(true);
  });
});

describe('mainWindowOptions', () => {
  it('uses the hardened preferences and waits for the first paint before showing', () => {
    const options = mainWindowOptions('/app/dist/electron/preload.js');
    expect(options.webPreferences).toEqual(hardenedWebPreferences('/app/dist/electron/preload.js'));
    expect(options.show).toBe(false);
    expect(options.title).toBe('Trust Vault');
  });
});
