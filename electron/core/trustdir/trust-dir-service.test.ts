import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { TrustDirService } from './trust-dir-service';

describe('trust dirs', () => {
  const tmp = makeTempDir('tv-trustdirs-');
  afterAll(() => tmp.cleanup());
  const home = join(tmp.path, 'home');
  const data = join(tmp.path, 'data');

  it('offers the docker, notary and iEchor defaults, selecting the first that exists', () => {
    mkdirSync(join(home, '.notary'), { recursive: true });
    const s = new TrustDirService(data, { home, dockerConfig: join(tmp.path, 'dc') });
    const list = s.list();
    expect(list.map((d) => [d.origin, d.path])).toEqual([
      ['docker', join(tmp.path, 'dc', 'trust')],
      ['docker', join(home, '.docker', 'trust')],
      ['notary', join(home, '.notary')],
      ['iechor', join(home, '.iechor', 'trust')],
    ]);
    expect(list.find((d) => d.selected)?.path).toBe(join(home, '.notary'));
    expect(list.every((d) => /^[A-Za-z0-9_-]{16}$/.test(d.id))).toBe(true);
  });

  it('adds a folder, remembers the choice across instances, and forgets without deleting', () => {
    const custom = join(tmp.path, 'my-trust');
    mkdirSync(custom);
    const a = new TrustDirService(data, { home });
    const added = a.add(custom);
    expect(added.find((d) => d.selected)?.path).toBe(custom);
    expect(statSync(join(data, 'settings.json')).mode & 0o777).toBe(0o600);
    const b = new TrustDirService(data, { home });
    expect(b.list().find((d) => d.selected)?.origin).toBe('custom');
    const id = b.list().find((d) => d.path === custom)!.id;
    expect(b.resolve(id)).toBe(custom);
    const notaryId = b.list().find((d) => d.origin === 'notary')!.id;
    expect(b.select(notaryId).find((d) => d.selected)?.origin).toBe('notary');
    expect(b.forget(id).some((d) => d.path === custom)).toBe(false);
    expect(statSync(custom).isDirectory()).toBe(true);
    expect(() => b.resolve(id)).toThrow(/not known/);
    expect(JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')).trustDirs.custom).toEqual([]);
  });

  it('survives a corrupt settings file', () => {
    const d2 = join(tmp.path, 'data2');
    mkdirSync(d2);
    writeFileSync(join(d2, 'settings.json'), '{not json');
    expect(new TrustDirService(d2, { home }).list().length).toBe(3);
  });
});
