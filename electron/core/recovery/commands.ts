/**
 * The commands a recovery step names: trust-vault's own (issue 6, point 5) where it has one, the notary CLI's where
 * only notary does the job (deleting a repository's trust data, a delegation that belongs to no docker signer).
 * `<...>` marks what the user fills in.
 */

export interface CommandOptions {
  /** The notary server; `<URL>` in the commands when the plan was made from the cache alone. */
  server?: string;
  ca?: string;
  /** Named only when it is not the default, so the commands run against the same trust dir. */
  trustDir?: string;
}

/** Quotes a word for a POSIX shell when it needs it. */
export const shellWord = (s: string): string =>
  /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) || /^<[A-Za-z0-9_.-]+>$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

export class RecoveryCommands {
  constructor(
    private readonly gun: string,
    private readonly options: CommandOptions,
  ) {}

  private get url(): string {
    return this.options.server !== undefined ? shellWord(this.options.server) : '<URL>';
  }

  private vault(words: string, withServer: boolean): string {
    const server = withServer ? ` --server ${this.url}${this.options.ca !== undefined ? ` --ca ${shellWord(this.options.ca)}` : ''}` : '';
    const trust = this.options.trustDir !== undefined ? ` --trust-dir ${shellWord(this.options.trustDir)}` : '';
    return `trust-vault ${words}${server}${trust}`;
  }

  private notary(words: string): string {
    const trust = this.options.trustDir !== undefined ? ` -d ${shellWord(this.options.trustDir)}` : '';
    const ca = this.options.ca !== undefined ? ` --tlscacert ${shellWord(this.options.ca)}` : '';
    return `notary -s ${this.url}${ca}${trust} ${words}`;
  }

  private get g(): string {
    return shellWord(this.gun);
  }

  backupVerify(file: string): string {
    return this.vault(`backup verify ${shellWord(file)} --passphrase-env <VAR>`, false);
  }

  backupRestore(file: string, keyIds: string[]): string {
    return this.vault(`backup restore ${shellWord(file)} --keys ${keyIds.join(',')} --passphrase-env <VAR>`, false);
  }

  rotate(role: 'targets' | 'snapshot' | 'timestamp', serverManaged = false): string {
    return this.vault(`repo rotate ${this.g} ${role}${serverManaged ? ' --server-managed' : ''}`, true);
  }

  generateSignerKey(name: string): string {
    return this.vault(`keys generate --name ${shellWord(name)} --passphrase-env <VAR>`, false);
  }

  signerRemove(name: string): string {
    return this.vault(`repo signer remove ${this.g} ${shellWord(name)}`, true);
  }

  signerAdd(name: string, keyFile: string): string {
    return this.vault(`repo signer add ${this.g} ${shellWord(name)} --key ${shellWord(keyFile)}`, true);
  }

  delegationRemove(role: string, keyIds: string[]): string {
    return this.notary(`delegation remove ${this.g} ${shellWord(role)} ${keyIds.join(' ')} --publish`);
  }

  delegationAdd(role: string): string {
    return this.notary(`delegation add ${this.g} ${shellWord(role)} <NEW-CERT.pem> --all-paths --publish`);
  }

  forget(): string {
    return this.vault(`trust forget --gun ${this.g} --yes`, false);
  }

  deleteRemote(): string {
    return this.notary(`delete ${this.g} --remote`);
  }

  init(): string {
    return this.vault(`repo init ${this.g}`, true);
  }

  /**
   * The vault signs the tag itself (docker 29 has no content-trust push): with the digest verified under the old
   * trust data when it is known, which the registry is then only asked to confirm.
   */
  signTag(tag: string, digest?: string): string {
    return this.vault(`tag sign ${shellWord(`${this.gun}:${tag}${digest ? `@sha256:${digest}` : ''}`)}`, true);
  }

  notice(): string {
    return this.vault(`recover notice ${this.g} --id <NEW-ROOT-KEY-ID>`, true);
  }
}
