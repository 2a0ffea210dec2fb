import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey } from '../electron/core/keys/store/generate-key';

/**
 * A trust dir with `count` key files. A few dozen real keys are made by the vault (every role, ECDSA and
 * Ed25519); the rest are copies of them under fresh random IDs. Neither notary nor the vault re-derives IDs when
 * listing (the ID is the file name), so this is the same work for both as 10,000 distinct keys, made in seconds
 * instead of minutes of PBKDF2.
 */
export function makeTrustDir(root: string, count: number): string {
  const seedDir = join(root, 'seed');
  const roles = [
    { role: 'root' },
    { role: 'targets', gun: 'registry.example.com/team/app' },
    { role: 'snapshot', gun: 'registry.example.com/team/app' },
    { role: 'targets/releases' },
    { role: 'alice' },
  ];
  const seeds: string[] = [];
  for (let i = 0; i < 40; i++) {
    const r = roles[i % roles.length]!;
    const algorithm = i % 4 === 3 && r.role !== 'root' ? 'ed25519' : 'ecdsa';
    const { key } = generateKey(seedDir, { ...r, gun: r.gun ? `${r.gun}${i}` : undefined, algorithm, passphrase: 'bench passphrase' });
    seeds.push(readFileSync(key.path, 'utf8'));
  }
  const trust = join(root, 'trust');
  const priv = join(trust, 'private');
  mkdirSync(priv, { recursive: true, mode: 0o700 });
  chmodSync(trust, 0o700);
  chmodSync(priv, 0o700);
  for (let i = 0; i < count; i++) {
    writeFileSync(join(priv, `${randomBytes(32).toString('hex')}.key`), seeds[i % seeds.length]!, { mode: 0o600 });
  }
  return trust;
}
