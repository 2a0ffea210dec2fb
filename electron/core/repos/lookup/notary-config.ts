import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError } from '../../errors';
import { replaceFileAtomically } from '../../fs/atomic-write';
import { readFileOrRefuse } from '../../fs/read-regular-file';

/**
 * Trust pinning in notary's own form (NOTARY.md section 8): the trust dir's `config.json`
 * `{"trust_pinning": {"certs": {"GUN": [x509 IDs]}, "ca": {"GUN-prefix": "ca.pem"}}}`, which notary reads with
 * `-c <trust>/config.json`, so notary and the vault refuse the same roots. Other fields of the file are kept.
 */

const MAX_CONFIG_BYTES = 1024 * 1024;

export const notaryConfigPath = (trustDir: string) => join(trustDir, 'config.json');

interface NotaryConfig {
  trust_pinning?: { certs?: Record<string, string[]>; ca?: Record<string, string>; disable_tofu?: boolean };
  [k: string]: unknown;
}

/** The config as it is; throws INVALID_ARGUMENT for one that is not a JSON object (it is never overwritten then). */
function readConfig(trustDir: string): NotaryConfig {
  const path = notaryConfigPath(trustDir);
  const text = readFileOrRefuse(path, { what: "notary's config", maxBytes: MAX_CONFIG_BYTES });
  if (text === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', `${path} is not JSON (${e instanceof Error ? e.message : String(e)}); fix it before pinning`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new VaultError('INVALID_ARGUMENT', `${path} is not a JSON object`);
  return parsed as NotaryConfig;
}

/** The x509 IDs config.json pins for a GUN (notary matches `certs` by the exact GUN). */
export function configCertPins(trustDir: string, gun: string): string[] {
  try {
    const ids = readConfig(trustDir).trust_pinning?.certs?.[gun];
    return Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [];
  } catch {
    return [];
  }
}

/** The CA file config.json pins for a GUN: the longest `ca` prefix that matches, as notary picks it. */
export function configCaPin(trustDir: string, gun: string): string | null {
  try {
    const ca = readConfig(trustDir).trust_pinning?.ca ?? {};
    const hit = Object.keys(ca).filter((p) => gun.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    return hit !== undefined && typeof ca[hit] === 'string' ? ca[hit] : null;
  } catch {
    return null;
  }
}

function write(trustDir: string, config: NotaryConfig): void {
  mkdirSync(trustDir, { recursive: true, mode: 0o700 });
  replaceFileAtomically(notaryConfigPath(trustDir), `${JSON.stringify(config, null, 2)}\n`);
}

export function pinCertsInConfig(trustDir: string, gun: string, ids: string[]): void {
  const config = readConfig(trustDir);
  const tp = (config.trust_pinning ??= {});
  (tp.certs ??= {})[gun] = [...ids].sort();
  write(trustDir, config);
}

/**
 * Copies the CA into `<trust>/trust_pinning/<sha256>.pem` (named by its content: no path from data) and pins it for
 * the GUN. Returns the copy's path.
 */
export function pinCaInConfig(trustDir: string, gun: string, caPem: string): string {
  const config = readConfig(trustDir);
  const dir = join(trustDir, 'trust_pinning');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${createHash('sha256').update(caPem).digest('hex')}.pem`);
  if (!existsSync(path)) replaceFileAtomically(path, caPem);
  const tp = (config.trust_pinning ??= {});
  (tp.ca ??= {})[gun] = path;
  write(trustDir, config);
  return path;
}
