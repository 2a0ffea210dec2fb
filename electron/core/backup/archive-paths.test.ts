import { describe, expect, it } from 'vitest';
import { keyPathOf, pinnedRootGunOf, trustDirPrefixOf } from './archive-paths';

const id = 'a'.repeat(64);

describe('archive paths', () => {
  it('knows the current and the legacy key layouts', () => {
    expect(keyPathOf(`private/${id}.key`)).toMatchObject({ id, layout: 'current', fallback: null });
    expect(keyPathOf(`private/root_keys/${id}_root.key`)).toMatchObject({ id, layout: 'legacy', fallback: { role: 'root', gun: null } });
    expect(keyPathOf(`private/tuf_keys/example.com/team/app/${id}_targets.key`)).toMatchObject({
      id,
      layout: 'legacy',
      fallback: { role: 'targets', gun: 'example.com/team/app' },
    });
    expect(keyPathOf(`private/other/${id}.key`)).toMatchObject({ id, layout: 'current' });
  });

  it('refuses what is not a key file path', () => {
    for (const p of [`${id}.key`, 'private/short.key', `private/${id}.pem`, `private/.${id}.key`, `tuf/${id}.key`, `private/root_keys/${id}.key`, `private//${id}.key`]) {
      expect(keyPathOf(p), p).toBeNull();
    }
  });

  it('finds pinned roots and the prefix of a tar made from an absolute path', () => {
    expect(pinnedRootGunOf('tuf/example.com/team/app/metadata/root.json')).toBe('example.com/team/app');
    expect(pinnedRootGunOf('tuf/example.com/app/metadata/targets.json')).toBeNull();
    expect(pinnedRootGunOf('tuf/../metadata/root.json')).toBeNull();
    expect(trustDirPrefixOf(`home/ana/.docker/trust/private/${id}.key`)).toBe('home/ana/.docker/trust/');
    expect(trustDirPrefixOf(`private/${id}.key`)).toBe('');
    expect(trustDirPrefixOf('home/ana/notes.txt')).toBeNull();
  });
});
