import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A repository published with the real notary CLI: the given tags signed by targets, then a delegation
 * targets/releases from an openssl-made self-signed certificate (so targets.json holds an ecdsa-x509 key) with one
 * tag of its own, v3. Returns what `notary list` prints afterwards.
 *
 * `notary` runs the CLI online against the test's server. Observed: `notary publish` leaves the cache as it was
 * fetched before publishing; only a later fetch (any online command, e.g. list) brings the published state in.
 */
export function publishRepoWithDelegation(
  notary: (trustDir: string, args: string[]) => string,
  trust: string,
  workDir: string,
  gun: string,
  tags: { name: string; content: string }[],
): string {
  const file = (name: string, text: string) => {
    writeFileSync(join(workDir, name), text);
    return join(workDir, name);
  };
  notary(trust, ['init', gun]);
  for (const tag of tags) notary(trust, ['add', gun, tag.name, file(`${tag.name}.txt`, tag.content)]);
  notary(trust, ['publish', gun]);
  const key = join(workDir, 'releases.key');
  const cert = join(workDir, 'releases.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '400', '-subj', '/CN=releases'],
    { stdio: 'ignore' },
  );
  notary(trust, ['delegation', 'add', gun, 'targets/releases', cert, '--all-paths']);
  notary(trust, ['publish', gun]);
  notary(trust, ['key', 'import', key, '--role', 'targets/releases']);
  notary(trust, ['add', gun, 'v3', file('v3.txt', 'signed by the releases delegation\n'), '--roles', 'targets/releases']);
  notary(trust, ['publish', gun]);
  return notary(trust, ['list', gun]);
}
