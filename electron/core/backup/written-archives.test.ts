import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveDirsOf, listWrittenArchives, rememberArchive } from './written-archives';

describe('written trust-data archives (offered by the backup wizard)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tv-written-archives-'));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('lists remembered folders by opaque ID and name (no path), maps IDs back, refuses unknown IDs, skips gone folders', () => {
    const data = join(tmp, 'data');
    mkdirSync(data, { recursive: true });
    const a = join(tmp, 'trust-archive-a');
    const b = join(tmp, 'trust-archive-b');
    mkdirSync(a);
    mkdirSync(b);
    rememberArchive(data, { dir: a, guns: ['example.com/a'], writtenAt: '2026-12-07T10:00:00.000Z' });
    rememberArchive(data, { dir: b, guns: ['example.com/b'], writtenAt: '2026-12-07T11:00:00.000Z' });
    rememberArchive(data, { dir: a, guns: ['example.com/a'], writtenAt: '2026-12-07T12:00:00.000Z' });
    const listed = listWrittenArchives(data);
    expect(listed.map((x) => x.name)).toEqual(['trust-archive-a', 'trust-archive-b']);
    expect(JSON.stringify(listed)).not.toContain(tmp);
    expect(archiveDirsOf(data, [listed[1]!.id, listed[0]!.id])).toEqual([b, a]);
    expect(() => archiveDirsOf(data, ['nope'])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    rmSync(b, { recursive: true });
    expect(listWrittenArchives(data).map((x) => x.name)).toEqual(['trust-archive-a']);
  });
});
