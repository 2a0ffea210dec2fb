import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

describe('the CLI default data dir', () => {
  it('is the desktop app userData folder on each platform', () => {
    expect(defaultDataDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.config/trust-vault');
    expect(defaultDataDir({ HOME: '/home/u', XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/trust-vault');
    expect(defaultDataDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Application Support/trust-vault');
  });
});
