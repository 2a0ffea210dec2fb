import { describe, expect, it, vi } from 'vitest';
import type { HardenableWebContents } from './web-contents';
import { hardenWebContents } from './web-contents';

/** A WebContents stand-in that records what hardening registers. */
function fakeContents() {
  const listeners = new Map<string, ((event: { preventDefault(): void }, ...rest: unknown[]) => void)[]>();
  let openHandler: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on(event: string, listener: (event: { preventDefault(): void }) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      openHandler = handler;
    },
  };
  /** Emits an event the way Electron does; true if some listener prevented it. */
  const emit = (name: string, ...rest: unknown[]) => {
    const event = { preventDefault: vi.fn() };
    for (const listener of listeners.get(name) ?? []) listener(event, ...rest);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as HardenableWebContents, emit, open: (url: string) => openHandler?.({ url }) };
}

describe('hardenWebContents', () => {
  it.each([
    'https://example.com/phish',
    'file:///etc/passwd',
    'app://vault/index.html',
    'app://evil/index.html',
    'javascript:alert(1)',
    'data:text/html,hi',
  ])('denies navigating any frame to %s', (url) => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents);
    expect(emit('will-navigate', url)).toBe(true);
    expect(emit('will-frame-navigate', url)).toBe(true);
    expect(emit('will-redirect', url)).toBe(true);
  });

  it('denies attaching a <webview>', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents);
    expect(emit('will-attach-webview', {}, {})).toBe(true);
  });

  it.each(['https://example.com/', 'app://vault/index.html', 'about:blank', ''])('denies window.open(%j)', (url) => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents);
    expect(open(url)).toEqual({ action: 'deny' });
  });
});
