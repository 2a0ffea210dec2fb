import { randomUUID } from 'node:crypto';
import type { RegistryLoginDto, RegistryTags, TagInventoryDto, TagPutBackOutcome, TagRevokeOutcome, TagSignOutcome, TagSignPreview } from '../../../shared/dto/tags';
import { parseImageRef } from '../registry/reference';
import { readInventory } from './inventory-snapshot';
import { putTagsBack } from './put-back';
import { VaultError } from '../errors';
import type { ServerOptions } from '../notary/http-client';
import type { RolePassphrases } from '../publish/init-repo';
import { serverSetting } from '../repos/server-check';
import { listTags } from './list-tags';
import { dockerConfigFor, type RegistryAccess } from './registry-access';
import { revokeTags } from './revoke-tags';
import { planTagSigning, signTagPlan, type TagSignPlan } from './sign-tags';
import type { RegistryLogins } from './registry-logins';

const MAX_PREVIEWS = 16;

/**
 * The app's side of the `tags` contract group: the notary server remembered for the repository, registry
 * credentials from docker's configuration (main's environment; nothing the renderer sends), previews kept in main
 * by a random ID so what gets signed is exactly what was shown.
 */
export class TagService {
  readonly #previews = new Map<string, { trustDir: string; plan: TagSignPlan }>();
  /** Registry credentials typed into main's prompt, by registry host; memory only, wiped on every lock. */
  readonly #logins: RegistryLogins;

  constructor(private readonly deps: { dataDir: string; now: () => Date; env: NodeJS.ProcessEnv; logins: RegistryLogins }) {
    this.#logins = deps.logins;
  }

  private server(trustDir: string, gun: string): ServerOptions {
    const setting = serverSetting(this.deps.dataDir, trustDir, gun);
    if (!setting.server) throw new VaultError('INVALID_ARGUMENT', `No notary server is set for ${gun}: set it on the repository's page first`);
    return { server: setting.server, ...(setting.caFile ? { caFile: setting.caFile } : {}) };
  }

  /** Credentials typed into main's prompt win over docker's configuration for their registry. */
  private registry(gun?: string): RegistryAccess {
    const env = this.deps.env;
    const login = gun ? this.#logins.get(parseImageRef(gun).registry) : undefined;
    return { dockerConfigDir: dockerConfigFor(env), helperEnv: { ...(env.PATH ? { PATH: env.PATH } : {}), ...(env.HOME ? { HOME: env.HOME } : {}) }, ...(login ? { credentials: login } : {}) };
  }

  async signIn(gun: string, ask: ((o: { registry: string }) => Promise<{ user: string; password: string } | null>) | undefined): Promise<RegistryLoginDto> {
    const { registry } = parseImageRef(gun);
    if (!ask) throw new VaultError('INVALID_ARGUMENT', 'This shell has no prompt for registry credentials: use docker login');
    const answer = await ask({ registry });
    if (!answer) return { registry, signedInAs: this.#logins.get(registry)?.user ?? null };
    if (answer.user.trim() === '' || answer.user.length > 256) throw new VaultError('INVALID_ARGUMENT', 'The registry user name is empty or longer than 256 characters');
    if (answer.password === '' || answer.password.length > 4096) throw new VaultError('INVALID_ARGUMENT', 'The registry password is empty or longer than 4096 characters');
    this.#logins.set(registry, { user: answer.user.trim(), password: answer.password });
    return { registry, signedInAs: answer.user.trim() };
  }

  signOut(gun: string): RegistryLoginDto {
    const { registry } = parseImageRef(gun);
    this.#logins.delete(registry);
    return { registry, signedInAs: null };
  }

  list(trustDir: string, gun: string): Promise<RegistryTags> {
    return listTags(trustDir, gun, { server: this.server(trustDir, gun), registry: this.registry(gun), now: this.deps.now() });
  }

  async preview(trustDir: string, gun: string, tags: string[]): Promise<TagSignPreview> {
    const plan = await planTagSigning(trustDir, tags.map((t) => `${gun}:${t}`), { server: this.server(trustDir, gun), registry: this.registry(gun), now: this.deps.now() });
    const previewId = randomUUID();
    if (this.#previews.size >= MAX_PREVIEWS) this.#previews.delete(this.#previews.keys().next().value as string);
    this.#previews.set(previewId, { trustDir, plan });
    return { previewId, gun: plan.gun, role: plan.role, items: plan.items, newVersions: plan.newVersions, snapshotBy: plan.snapshotBy, signedInAs: plan.signedInAs };
  }

  async sign(trustDir: string, previewId: string, passphrases: RolePassphrases): Promise<TagSignOutcome> {
    const p = this.#previews.get(previewId);
    if (!p || p.trustDir !== trustDir) throw new VaultError('NOT_FOUND', 'that preview is no longer known: preview the tags again');
    this.#previews.delete(previewId);
    const r = await signTagPlan(trustDir, p.plan, { server: this.server(trustDir, p.plan.gun), registry: this.registry(p.plan.gun), passphrases, now: this.deps.now() });
    return { gun: p.plan.gun, role: p.plan.role, signed: p.plan.items.map(({ tag, digest, size }) => ({ tag, digest, size })), moved: r.moved, verified: r.verified, versions: r.versions };
  }

  async revoke(trustDir: string, gun: string, tags: string[], passphrases: RolePassphrases, confirmation: string): Promise<TagRevokeOutcome> {
    if (confirmation.trim() !== gun) throw new VaultError('CONFIRMATION_REQUIRED', `Type ${gun} to confirm removing the signatures of ${tags.join(', ')}`);
    const r = await revokeTags(trustDir, tags.map((t) => `${gun}:${t}`), { server: this.server(trustDir, gun), passphrases, now: this.deps.now() });
    return { gun, removals: r.plan.removals, stillSignedElsewhere: r.plan.stillSignedElsewhere, versions: r.versions };
  }

  inventory(gun: string): TagInventoryDto {
    const snap = readInventory(this.deps.dataDir, gun);
    return { gun, takenAt: snap?.takenAt ?? null, from: snap?.from ?? null, tags: snap?.tags ?? [] };
  }

  /** Only the kept (verified) inventory is signed: nothing the renderer sends decides a digest. */
  async putBack(trustDir: string, gun: string, passphrases: RolePassphrases): Promise<TagPutBackOutcome> {
    const snap = readInventory(this.deps.dataDir, gun);
    if (!snap || snap.tags.length === 0) throw new VaultError('NOT_FOUND', `No verified tags of ${gun} were kept before the recovery: sign them on the repository's page instead`);
    const r = await putTagsBack(trustDir, gun, snap.tags, { server: this.server(trustDir, gun), registry: this.registry(gun), passphrases, now: this.deps.now() });
    return { gun, role: r.role, signed: r.signed, already: r.already, unresolved: r.unresolved, versions: r.outcome?.versions ?? {} };
  }
}
