import { basename } from 'node:path';
import type { PublishResult, SignerInfo } from '../../../shared/dto/publish';
import type { RecoveryPlan } from '../../../shared/dto/recovery';
import type { RepoStatus } from '../../../shared/dto/status';
import type { TokenInfo } from '../../../shared/dto/tokens';
import type { TokenClient } from '../token/token-client';
import { VaultError } from '../errors';
import { listKeys } from '../keys/store/scan';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import { recoveryPlanFor } from '../recovery/recovery-service';
import { readInventory, snapshotInventory } from '../tags/inventory-snapshot';
import { statusOfCache } from '../tuf/cache-status';
import { serverSetting } from '../repos/server-check';
import { fetchServerRepo } from '../tuf/remote-status';
import { initRepository, type RolePassphrases } from './init-repo';
import type { PublishOutcome } from './publish-transaction';
import { byChecksum, loadRepoState, stateFiles } from './repo-state';
import { resignRepository } from './resign';
import { rotateKey } from './rotate-key';
import { addSigner, removeSigner, signersOf, SignerKeys } from './signers';

type BaseRole = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface PublishServiceDeps {
  dataDir: string;
  now: () => Date;
  tokens: () => TokenInfo[];
  /** Lists the tokens again (the app's token service); without it, the last listing is used. */
  refreshTokens?: () => Promise<TokenInfo[]>;
  /** The token process: with it, repository init signs root on a token (or makes the root key there). */
  tokenClient?: TokenClient;
}

/**
 * Publisher operations behind the contract's `publish` group, on the server remembered for the repository (the
 * repositories screen sets it). Each answer ends with the repository's verdict on the server, checked against the
 * trust dir's pinned root: the recovery wizard ends on `trusted`.
 */
export class PublishService {
  readonly #signerKeys = new SignerKeys();

  constructor(private readonly deps: PublishServiceDeps) {}

  private server(trustDir: string, gun: string): ServerOptions {
    const setting = serverSetting(this.deps.dataDir, trustDir, gun);
    if (!setting.server) throw new VaultError('INVALID_ARGUMENT', `No notary server is set for ${gun}: set it on the repository's page first`);
    return { server: setting.server, ...(setting.caFile ? { caFile: setting.caFile } : {}) };
  }

  private async result(trustDir: string, gun: string, server: ServerOptions, action: string, outcome: PublishOutcome, warnings: string[] = []): Promise<PublishResult> {
    let verdict: PublishResult['verdict'] = null;
    try {
      // Checked against the cache as it is now; the files just read back need not be fetched a third time.
      const known = outcome.state ? byChecksum(stateFiles(outcome.state).values()) : undefined;
      verdict = (await fetchServerRepo(trustDir, gun, { ...server, now: this.deps.now(), known })).status.verdict;
    } catch {
      verdict = null;
    }
    return {
      gun,
      action,
      versions: outcome.versions,
      keysWritten: outcome.keysWritten,
      keysRemoved: outcome.keysRemoved,
      cacheUpdated: outcome.cacheUpdated,
      cacheProblem: outcome.cacheProblem ?? null,
      warnings,
      verdict,
    };
  }

  async init(trustDir: string, gun: string, snapshot: 'local' | 'server', passphrases: RolePassphrases): Promise<PublishResult> {
    const server = this.server(trustDir, gun);
    // A fresh look at the tokens: the root key goes to a token plugged in since the last listing too.
    const known = this.deps.refreshTokens ? await this.deps.refreshTokens().catch(() => this.deps.tokens()) : this.deps.tokens();
    const tokens = this.deps.tokenClient ? { client: this.deps.tokenClient, known } : undefined;
    const outcome = await initRepository(trustDir, gun, { server, snapshot, passphrases, tokens, now: this.deps.now(), dataDir: this.deps.dataDir });
    return this.result(trustDir, gun, server, 'initialised the repository', outcome);
  }

  async rotate(trustDir: string, gun: string, role: BaseRole, serverManaged: boolean, passphrases: RolePassphrases): Promise<PublishResult> {
    const server = this.server(trustDir, gun);
    const outcome = await rotateKey(trustDir, gun, role, { server, serverManaged, passphrases, now: this.deps.now(), dataDir: this.deps.dataDir });
    const where = serverManaged ? ' to the server' : '';
    return this.result(trustDir, gun, server, `rotated the ${role} key${where}`, outcome);
  }

  async resign(trustDir: string, gun: string, roles: string[] | undefined, passphrases: RolePassphrases): Promise<PublishResult> {
    const server = this.server(trustDir, gun);
    const outcome = await resignRepository(trustDir, gun, { server, passphrases, ...(roles && roles.length > 0 ? { roles } : {}), now: this.deps.now() });
    const action = outcome.resigned.length > 0 ? `re-signed ${outcome.resigned.join(', ')}` : 'nothing to re-sign: no role expires within 90 days';
    return this.result(trustDir, gun, server, action, outcome);
  }

  async signers(trustDir: string, gun: string): Promise<SignerInfo[]> {
    const state = await loadRepoState(trustDir, gun, this.server(trustDir, gun), this.deps.now());
    return signersOf(state, new Set(listKeys(trustDir).map((k) => k.id)));
  }

  chooseSignerKey(path: string) {
    return this.#signerKeys.choose(path, basename(path));
  }

  async addSigner(trustDir: string, gun: string, name: string, selectionId: string, passphrases: RolePassphrases): Promise<PublishResult> {
    const server = this.server(trustDir, gun);
    const outcome = await addSigner(trustDir, gun, name, this.#signerKeys.take(selectionId), { server, passphrases, now: this.deps.now() });
    return this.result(trustDir, gun, server, `added signer ${name}`, outcome);
  }

  async removeSigner(trustDir: string, gun: string, name: string, passphrases: RolePassphrases, confirmation: string | undefined): Promise<PublishResult> {
    const server = this.server(trustDir, gun);
    const outcome = await removeSigner(trustDir, gun, name, { server, passphrases, now: this.deps.now(), confirmation });
    return this.result(trustDir, gun, server, `removed signer ${name}`, outcome, outcome.warnings);
  }

  recoveryPlan(trustDir: string, gun: string, fromServer: boolean): Promise<RecoveryPlan> {
    const setting = serverSetting(this.deps.dataDir, trustDir, gun);
    const server = fromServer && setting.server ? { server: setting.server, ...(setting.caFile ? { caFile: setting.caFile } : {}) } : undefined;
    // The verified tags are kept now, while the old trust data is still there: the last step puts them back.
    const onVerifiedStatus = (status: RepoStatus, from: string) => void snapshotInventory(this.deps.dataDir, status, from, this.deps.now());
    return recoveryPlanFor(trustDir, gun, { now: this.deps.now(), dataDir: this.deps.dataDir, tokens: this.deps.tokens(), server, onVerifiedStatus });
  }

  async deleteTrustData(trustDir: string, gun: string, confirmation: string): Promise<{ gun: string; server: string }> {
    if (confirmation.trim() !== gun) throw new VaultError('CONFIRMATION_REQUIRED', `Type ${gun} to confirm deleting its trust data on the server`);
    const server = this.server(trustDir, gun);
    // Last chance to keep the tags before they go: from the verified cache, when no plan kept them already. The
    // wizard forgets the cache first (its plan kept them), so a cache that is not there is no reason to stop.
    if (!readInventory(this.deps.dataDir, gun)) {
      let cached: RepoStatus | null = null;
      try {
        cached = statusOfCache(trustDir, gun, { now: this.deps.now() });
      } catch (e) {
        if (!(e instanceof VaultError && e.code === 'NOT_FOUND')) throw e;
      }
      if (cached && cached.verdict !== 'broken') snapshotInventory(this.deps.dataDir, cached, 'cache', this.deps.now());
    }
    await new NotaryPublisherClient(gun, server).deleteTrustData();
    return { gun, server: server.server };
  }
}
