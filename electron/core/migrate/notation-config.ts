import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { VaultError } from '../errors';

/**
 * Notation's configuration files for a local key: the signingkeys.json entry for the publisher and the trust
 * policy (trustpolicy.json, version 1.0) for consumers, which trusts one certificate subject for one image.
 */

export function checkNotationName(name: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(name)) {
    throw new VaultError('INVALID_ARGUMENT', `a Notation key name must be lower-case letters, digits, . _ or - (1 to 63): ${JSON.stringify(name)}`);
  }
  return name;
}

/** notation's config folder on this machine (where `notation` itself looks), for the paths in signingkeys.json. */
export function notationConfigDir(): string {
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support', 'notation');
  if (platform() === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'notation');
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'notation');
}

export function signingKeysJson(name: string, configDir: string): string {
  const dir = join(configDir, 'localkeys');
  const doc = { default: name, keys: [{ name, keyPath: join(dir, `${name}.key`), certPath: join(dir, `${name}.crt`) }] };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function trustPolicyJson(name: string, image: string, subject: string): string {
  const doc = {
    version: '1.0',
    trustPolicies: [
      {
        name: `${name}-images`,
        registryScopes: [image],
        signatureVerification: { level: 'strict' },
        trustStores: [`ca:${name}`],
        trustedIdentities: [`x509.subject: ${subject}`],
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
