import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { TokenDiagnostics, TokenInfo, TokenModuleInfo, TokenRootCreated, TokenRootWay, TokenSlotInfo } from '../../../shared/dto/tokens';
import { isVaultError, VaultError } from '../errors';
import type { Clock, EventSink } from '../ports';
import { advisoriesFor } from './advisories';
import { createRootOnToken } from './root-on-token';
import type { RawModule, TokenClient, TokenRef } from './token-client';
import { tokenKeysOf } from './token-keys';
import { addModule, moduleEntries, type ModuleEntry } from './token-modules';

/** notary tries YubiKey's factory PIN first; the vault does so only when asked, and says so. */
export const DEFAULT_PIN = '123456';
const WATCH_MS = 3000;

export const tokenIdOf = (modulePath: string, serial: string): string =>
  createHash('sha256').update(`${modulePath}\0${serial}`).digest('hex').slice(0, 16);

interface KnownToken {
  ref: TokenRef;
  info: TokenInfo;
}

export interface TokenServiceDeps {
  client: TokenClient;
  dataDir: string;
  events: EventSink;
  clock: Clock;
  /** Replaces the usual module paths when set (read at every scan, so a test can set it late). */
  modulesOverride?: () => string | undefined;
}

/**
 * Tokens as the app and the CLI see them: every module's tokens with their keys, PIN state and advisories; login
 * (the PIN goes to the token process and is kept nowhere); a root key made on a token; following tokens as they
 * come and go. Core's other parts ask `known()` for the last listing, so listing keys never waits on a token.
 */
export class TokenService {
  #tokens = new Map<string, KnownToken>();
  #defaultPin = new Set<string>();
  #watch: { cancel(): void } | null = null;
  #lastEmitted = '';

  constructor(private readonly deps: TokenServiceDeps) {}

  private modules(): ModuleEntry[] {
    const override = this.deps.modulesOverride?.();
    // Never process.env here: the override comes from the host, which drops test hooks in a packaged app.
    return moduleEntries(this.deps.dataDir, override === undefined ? {} : { TRUST_VAULT_PKCS11_MODULES: override });
  }

  /** Probes every module; a module that fails is reported in diagnostics, not thrown. */
  private async scan(): Promise<{ modules: TokenModuleInfo[]; slots: TokenSlotInfo[]; tokens: TokenInfo[] }> {
    const modules: TokenModuleInfo[] = [];
    const slots: TokenSlotInfo[] = [];
    const tokens: TokenInfo[] = [];
    const seen = new Map<string, KnownToken>();
    for (const entry of this.modules()) {
      const found = existsSync(entry.path);
      const info: TokenModuleInfo = { path: entry.path, kind: entry.kind, found, loaded: null, library: null, error: null };
      modules.push(info);
      if (!found) {
        info.error = { code: 'TOKEN_MODULE_NOT_FOUND', message: `No PKCS#11 module at ${entry.path}` };
        continue;
      }
      let probed: RawModule;
      try {
        probed = await this.deps.client.probe(entry.path);
      } catch (e) {
        info.loaded = false;
        info.error = isVaultError(e) ? { code: e.code, message: e.message } : { code: 'TOKEN_ERROR', message: String(e) };
        continue;
      }
      info.loaded = true;
      info.library = probed.library;
      for (const slot of probed.slots) {
        slots.push({ modulePath: entry.path, slot: slot.slot, description: slot.description, tokenPresent: slot.tokenPresent });
        if (!slot.token || !slot.token.flags.initialized) continue;
        const ref = { modulePath: entry.path, serial: slot.token.serial };
        const token = await this.describe(ref, slot.slot, slot.token);
        seen.set(token.id, { ref, info: token });
        tokens.push(token);
      }
    }
    this.#tokens = seen;
    for (const id of [...this.#defaultPin]) if (!seen.has(id)) this.#defaultPin.delete(id);
    return { modules, slots, tokens };
  }

  private async describe(ref: TokenRef, slot: number, raw: NonNullable<RawModule['slots'][number]['token']>): Promise<TokenInfo> {
    const id = tokenIdOf(ref.modulePath, ref.serial);
    let loggedIn = false;
    let keys: TokenInfo['keys'] = [];
    try {
      loggedIn = await this.deps.client.isLoggedIn(ref);
      keys = tokenKeysOf(await this.deps.client.objects(ref));
    } catch {
      // A token that vanished between the slot list and here is simply listed without keys.
    }
    return {
      id,
      modulePath: ref.modulePath,
      slot,
      label: raw.label,
      manufacturer: raw.manufacturer,
      model: raw.model,
      serial: raw.serial,
      firmware: raw.firmware,
      flags: raw.flags,
      loggedIn,
      defaultPinInUse: loggedIn && this.#defaultPin.has(id),
      advisories: advisoriesFor(raw),
      keys,
    };
  }

  async list(): Promise<TokenInfo[]> {
    const { tokens } = await this.scan();
    this.follow();
    return tokens;
  }

  diagnostics(): Promise<TokenDiagnostics> {
    return this.scan();
  }

  addModule(path: string): Promise<TokenDiagnostics> {
    addModule(this.deps.dataDir, path);
    return this.scan();
  }

  /** The token process this service talks to: for signing on a token elsewhere in core (repository init). */
  get client(): TokenClient {
    return this.deps.client;
  }

  /** The last listing, without asking any token: for the key list. */
  known(): TokenInfo[] {
    return [...this.#tokens.values()].map((t) => t.info);
  }

  private async token(tokenId: string): Promise<KnownToken> {
    let known = this.#tokens.get(tokenId);
    if (!known) {
      await this.scan();
      known = this.#tokens.get(tokenId);
    }
    if (!known) throw new VaultError('TOKEN_NOT_PRESENT', 'That token is not connected (any more): plug it in and try again');
    return known;
  }

  private async refreshed(tokenId: string): Promise<TokenInfo> {
    await this.scan();
    const known = this.#tokens.get(tokenId);
    if (!known) throw new VaultError('TOKEN_REMOVED', 'The token went away');
    return known.info;
  }

  async login(tokenId: string, pin: string | undefined, useDefaultPin: boolean): Promise<TokenInfo> {
    const { ref, info } = await this.token(tokenId);
    if (info.flags.pinLocked) throw new VaultError('TOKEN_PIN_LOCKED', `${info.label} is locked after too many wrong PINs`);
    const chosen = useDefaultPin ? DEFAULT_PIN : pin;
    if (!chosen) throw new VaultError('TOKEN_PIN_REQUIRED', `Enter the PIN of ${info.label}`);
    await this.deps.client.login(ref, chosen);
    if (useDefaultPin) this.#defaultPin.add(tokenId);
    else this.#defaultPin.delete(tokenId);
    return this.refreshed(tokenId);
  }

  async logout(tokenId: string): Promise<TokenInfo> {
    const { ref } = await this.token(tokenId);
    await this.deps.client.logout(ref);
    this.#defaultPin.delete(tokenId);
    return this.refreshed(tokenId);
  }

  /** Logs out of every token logged in (the vault locked): signing needs the PIN again. Tokens gone are skipped. */
  async logoutAll(): Promise<void> {
    for (const t of this.known().filter((k) => k.loggedIn)) await this.logout(t.id).catch(() => undefined);
  }

  async generateRoot(trustDir: string, tokenId: string, way: TokenRootWay, passphrase: string | undefined): Promise<TokenRootCreated> {
    const { ref, info } = await this.token(tokenId);
    const created = await createRootOnToken(this.deps.client, ref, { trustDir, way, passphrase, now: this.deps.clock.now() });
    await this.scan();
    return { ...created, token: { id: info.id, label: info.label, serial: info.serial } };
  }

  /** Polls the modules while someone listens, and sends `tokens` when the set or a token's state changes. */
  private follow(): void {
    if (this.#watch) return;
    const tick = () => {
      this.#watch = this.deps.clock.setTimeout(() => {
        void this.scan()
          .then(({ tokens }) => this.emitIfChanged(tokens))
          .catch(() => undefined)
          .finally(tick);
      }, WATCH_MS);
    };
    tick();
  }

  private emitIfChanged(tokens: TokenInfo[]): void {
    const shape = JSON.stringify(tokens.map((t) => [t.id, t.loggedIn, t.flags, t.keys.map((k) => k.id)]));
    if (shape === this.#lastEmitted) return;
    this.#lastEmitted = shape;
    this.deps.events.emit('tokens', tokens);
  }

  async close(): Promise<void> {
    this.#watch?.cancel();
    this.#watch = null;
    await this.deps.client.close();
  }
}
