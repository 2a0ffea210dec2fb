import { randomUUID } from 'node:crypto';
import type { RegistryTags, TagRevokeOutcome, TagSignOutcome, TagSignPreview } from '../../../shared/dto/tags';
import { VaultError } from '../errors';
import type { ServerOptions } from '../notary/http-client';
import type { RolePassphrases } from '../publish/init-repo';
import { serverSetting } from '../repos/server-check';
import { listTags } from './list-tags';
import { dockerConfigFor, type RegistryAccess } from './registry-access';
import { revokeTags } from './revoke-tags';
import { planTagSigning, signTagPlan, type TagSignPlan } from './sign-tags';

const MAX_PREVIEWS = 16;

/**
 * The app's side of the `tags` contract group: the notary server remembered for the repository, registry
 * credentials from docker's configuration (main's environment; nothing the renderer sends), previews kept in main
 * by a random ID so what gets signed is exactly what was shown.
 */
export class TagService {
  readonly #previews = new Map<string, { trustDir: string; plan: TagSignPlan }>();

  constructor(private readonly deps: { dataDir: string; now: () => Date; env: NodeJS.ProcessEnv }) {}

  private server(trustDir: string, gun: string): ServerOptions {
    const setting = serverSetting(this.deps.dataDir, trustDir, gun);
    if (!setting.server) throw new VaultError('INVALID_ARGUMENT', `No notary server is set for ${gun}: set it on the repository's page first`);
    return { server: setting.server, ...(setting.caFile ? { caFile: setting.caFile } : {}) };
  }

  private registry(): RegistryAccess {
    const env = this.deps.env;
    return { dockerConfigDir: dockerConfigFor(env), helperEnv: { ...(env.PATH ? { PATH: env.PATH } : {}), ...(env.HOME ? { HOME: env.HOME } : {}) } };
  }

  list(trustDir: string, gun: string): Promise<RegistryTags> {
    return listTags(trustDir, gun, { server: this.server(trustDir, gun), registry: this.registry(), now: this.deps.now() });
  }

  async preview(trustDir: string, gun: string, tags: string[]): Promise<TagSignPreview> {
    const plan = await planTagSigning(trustDir, tags.map((t) => `${gun}:${t}`), { server: this.server(trustDir, gun), registry: this.registry(), now: this.deps.now() });
    const previewId = randomUUID();
    if (this.#previews.size >= MAX_PREVIEWS) this.#previews.delete(this.#previews.keys().next().value as string);
    this.#previews.set(previewId, { trustDir, plan });
    return { previewId, gun: plan.gun, role: plan.role, items: plan.items, newVersions: plan.newVersions, snapshotBy: plan.snapshotBy, signedInAs: plan.signedInAs };
  }

  async sign(trustDir: string, previewId: string, passphrases: RolePassphrases): Promise<TagSignOutcome> {
    const p = this.#previews.get(previewId);
    if (!p || p.trustDir !== trustDir) throw new VaultError('NOT_FOUND', 'that preview is no longer known: preview the tags again');
    this.#previews.delete(previewId);
    const r = await signTagPlan(trustDir, p.plan, { server: this.server(trustDir, p.plan.gun), registry: this.registry(), passphrases, now: this.deps.now() });
    return { gun: p.plan.gun, role: p.plan.role, signed: p.plan.items.map(({ tag, digest, size }) => ({ tag, digest, size })), moved: r.moved, verified: r.verified, versions: r.versions };
  }

  async revoke(trustDir: string, gun: string, tags: string[], passphrases: RolePassphrases, confirmation: string): Promise<TagRevokeOutcome> {
    if (confirmation.trim() !== gun) throw new VaultError('CONFIRMATION_REQUIRED', `Type ${gun} to confirm removing the signatures of ${tags.join(', ')}`);
    const r = await revokeTags(trustDir, tags.map((t) => `${gun}:${t}`), { server: this.server(trustDir, gun), passphrases, now: this.deps.now() });
    return { gun, removals: r.plan.removals, stillSignedElsewhere: r.plan.stillSignedElsewhere, versions: r.versions };
  }
}
