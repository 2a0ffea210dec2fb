import { describe, expect, it } from 'vitest';
import { runCommand, shortcutOf, takePending } from './commands';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('Ctrl+F, N, I, L on Windows and Linux; Cmd on macOS', () => {
    expect(shortcutOf(press('f', { ctrlKey: true }), false)).toBe('filter');
    expect(shortcutOf(press('N', { ctrlKey: true }), false)).toBe('generate');
    expect(shortcutOf(press('i', { ctrlKey: true }), false)).toBe('import');
    expect(shortcutOf(press('l', { ctrlKey: true }), false)).toBe('lock');
    expect(shortcutOf(press('l', { metaKey: true }), true)).toBe('lock');
  });
  it('nothing for other keys, other modifiers or the other platform’s modifier', () => {
    expect(shortcutOf(press('f'), false)).toBeNull();
    expect(shortcutOf(press('f', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutOf(press('f', { metaKey: true }), false)).toBeNull();
    expect(shortcutOf(press('f', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutOf(press('x', { ctrlKey: true }), false)).toBeNull();
  });
  it('a command waits for the screen that takes it, once', () => {
    runCommand('generate');
    expect(takePending(['filter'])).toBeNull();
    expect(takePending(['generate', 'import'])).toBe('generate');
    expect(takePending(['generate'])).toBeNull();
  });
});
