import { join } from 'node:path';
import type { Handlers } from './api/dispatcher';
import { BackupService } from './backup/backup-service';
import { readLedger, verifiedCopiesOf } from './backup/ledger';
import { SecretClipboard } from './clipboard/secret-clipboard';
import { VaultError } from './errors';
import { writeNewFileAtomically } from './fs/atomic-write';
import { changePassphrase } from './keys/store/change-passphrase';
import { exportBundle, exportPublicKeys } from './keys/store/export-keys';
import { generateKey } from './keys/store/generate-key';
import { importKeys } from './keys/store/import-keys';
import { ImportSelections } from './keys/store/import-selections';
import { removalImpact, removeKey } from './keys/store/remove-key';
import { listKeys } from './keys/store/scan';
import { markPendingKeys, settlePendingFor } from './pending/pending-keys';
import { LeftoverService } from './leftovers/leftover-service';
import type { CorePorts } from './ports';
import { forgetRepo, forgottenRepos, pinnedRoot, restoreRepo } from './repos/forget-repo';
import { expiryRadar, listRepos, repoStatus } from './repos/repos';
import { checkServer, serverSetting, settingView, updateServerSetting } from './repos/server-check';
import { lookupHandlers } from './repos/lookup/lookup-handlers';
import { startExpiryNotices } from './notify/expiry-notices';
import { TrustDirService } from './trustdir/trust-dir-service';
import { createTokenClient } from './token/pkcs11/client';
import { tokenKeyInfos } from './token/token-key-listing';
import { TokenService } from './token/token-service';
import { PublishService } from './publish/publish-service';
import { TagService } from './tags/tag-service';
import { RegistryLogins } from './tags/registry-logins';
import { auditHandlers } from './audit/audited-handlers';
import { createAppVault } from './lock/app-vault';
import { withVaultKeys } from './lock/vault-key-listing';
import { findLooseFolders, tightenFolders } from './fs/loose-folders';
import { writeKitFromApp } from './migrate/migrate-service';
import { listWrittenArchives } from './backup/written-archives';

const cancelled = (): never => {
  throw new VaultError('CANCELLED', 'Cancelled');
};

/**
 * Binds every contract operation to a core function. This is the only place that knows both the contract and the
 * services; electron/ipc.ts, the e2e harness and tests all get their handlers from here.
 * Paths to read or write come from ports.dialogs (main's native dialogs), never from the renderer.
 */
export function createHandlers(ports: CorePorts): Handlers {
  const trustDirs = new TrustDirService(ports.dataDir, ports.env);
  const selections = new ImportSelections();
  const clipboard = new SecretClipboard(ports.clipboard, ports.clock);
  const cacheDir = join(ports.dataDir, 'cache');
  const dir = (id: string) => trustDirs.resolve(id);
  const backups = new BackupService(ports);
  const backupsOf = (id: string) => verifiedCopiesOf(readLedger(ports.dataDir), id);
  const tokens = new TokenService({
    client: createTokenClient(ports.tokenWorker),
    dataDir: ports.dataDir,
    events: ports.events,
    clock: ports.clock,
    modulesOverride: () => ports.tokenModules,
  });
  const publish = new PublishService({ dataDir: ports.dataDir, now: () => ports.clock.now(), tokens: () => tokens.known(),
    refreshTokens: () => tokens.list(),
    tokenClient: tokens.client,
  });

  // Leftovers of interrupted writes: the Keys screen lists them beside the keys and acts on them by opaque ID.
  const leftovers = new LeftoverService({ dataDir: ports.dataDir, now: () => ports.clock.now() });

  const registryLogins = new RegistryLogins(ports.clock);
  registryLogins.onCleared(() => ports.events.emit('registryLoginsCleared', {}));
  const tagService = new TagService({ dataDir: ports.dataDir, now: () => ports.clock.now(), env: process.env, logins: registryLogins });

  const vault = createAppVault(ports, { clipboard, backups, imports: selections, tokens, registryLogins });
  // Expiry notices from main (issue 15): only where the shell has notifications (the app, the e2e harness).
  if (ports.notifier) startExpiryNotices({ dataDir: ports.dataDir, dirs: () => trustDirs.list(), notifier: ports.notifier, events: ports.events, clock: ports.clock });

  // Every operation that touches a key, a backup, a token or a repository leaves one entry in the audit log.
  return auditHandlers({
    app: { info: () => ({ ...ports.app }) },
    trustDirs: {
      list: () => trustDirs.list(),
      add: async () => {
        const path = await ports.dialogs.chooseFolder({ title: 'Add a trust folder' });
        if (path === null) return null;
        return trustDirs.add(path).find((d) => d.selected) ?? null;
      },
      select: ({ id }) => trustDirs.select(id),
      forget: ({ id }) => trustDirs.forget(id),
    },
    keys: {
      list: async ({ trustDirId }) => {
        const trustDir = dir(trustDirId);
        // A publish whose answer was lost when the app last ran is settled first, and the list says what was done.
        const notices = await settlePendingFor(ports.dataDir, trustDir, ports.clock.now());
        // Keys on tokens as last seen (the Tokens screen and its watcher refresh them): listing never waits on a token.
        const keys = markPendingKeys(ports.dataDir, trustDir, [...listKeys(trustDir, { cacheDir }), ...tokenKeyInfos(tokens.known())]);
        return { trustDir, keys: withVaultKeys(trustDir, keys, vault.view()), ...(notices.length ? { notices } : {}) };
      },
      generate: async (a) => {
        const trustDir = dir(a.trustDirId);
        let publicKeyDir: string | undefined;
        if (a.writePublicKey) {
          publicKeyDir = (await ports.dialogs.chooseFolder({ title: `Folder for ${a.role}.pub` })) ?? cancelled();
        }
        return generateKey(trustDir, {
          role: a.role,
          gun: a.gun,
          algorithm: a.algorithm,
          rsaBits: a.rsaBits,
          passphrase: a.passphrase,
          publicKeyDir,
        });
      },
      chooseImport: async () => {
        const paths = await ports.dialogs.chooseFilesToOpen({ title: 'Choose key files to import' });
        return paths === null || paths.length === 0 ? null : selections.choose(paths);
      },
      previewFiles: ({ paths }) => selections.choose(paths),
      import: (a) => {
        const report = importKeys(dir(a.trustDirId), selections.peek(a.selectionId), {
          role: a.role,
          gun: a.gun,
          passphrase: a.passphrase,
          newPassphrase: a.newPassphrase,
        });
        // Nothing opened because the passphrase was wrong: an error, not a report, and the files stay chosen so the
        // person types it again on the same step. Otherwise the selection is used up.
        if (report.imported.length === 0 && report.refused.some((r) => r.code === 'WRONG_PASSPHRASE')) {
          throw new VaultError('WRONG_PASSPHRASE', 'The passphrase does not open the keys in these files: nothing was imported. The files are still chosen.');
        }
        selections.drop(a.selectionId);
        return report;
      },
      export: async ({ trustDirId, ids, kind, passphrase }) => {
        const trustDir = dir(trustDirId);
        // Build the content first: a key that cannot be exported fails before any dialog or file.
        const text = kind === 'bundle' ? exportBundle(trustDir, ids) : exportPublicKeys(trustDir, ids, passphrase);
        const defaultName = kind === 'bundle' ? 'keys-export.pem' : 'public-keys.pem';
        const path = await ports.dialogs.chooseFileToSave({ title: 'Export keys', defaultName });
        if (path === null) return null;
        writeNewFileAtomically(path, text);
        return { path };
      },
      changePassphrase: (a) => changePassphrase(dir(a.trustDirId), a.id, a.oldPassphrase, a.newPassphrase),
      removalImpact: ({ trustDirId, id }) => removalImpact(dir(trustDirId), id, backupsOf(id)),
      remove: ({ trustDirId, id, confirmation, insist }) => removeKey(dir(trustDirId), id, confirmation, insist, backupsOf(id)),
    },
    repos: {
      list: ({ trustDirId }) => listRepos(dir(trustDirId), { now: ports.clock.now(), scan: { cacheDir }, dataDir: ports.dataDir }),
      status: ({ trustDirId, gun }) => repoStatus(dir(trustDirId), gun, { now: ports.clock.now(), scan: { cacheDir }, dataDir: ports.dataDir }),
      expiryRadar: ({ trustDirId }) => expiryRadar(dir(trustDirId), { now: ports.clock.now(), scan: { cacheDir } }),
      pinnedRoot: ({ trustDirId, gun }) => pinnedRoot(dir(trustDirId), gun),
      forget: ({ trustDirId, gun, confirmation }) => forgetRepo(dir(trustDirId), ports.dataDir, gun, confirmation, ports.clock.now()),
      forgotten: ({ trustDirId }) => forgottenRepos(dir(trustDirId), ports.dataDir),
      restore: ({ trustDirId, entryId }) => restoreRepo(dir(trustDirId), ports.dataDir, entryId),
      serverSetting: ({ trustDirId, gun }) => settingView(serverSetting(ports.dataDir, dir(trustDirId), gun)),
      chooseCaFile: async ({ trustDirId, gun, scope }) => {
        const trustDir = dir(trustDirId);
        const paths = await ports.dialogs.chooseFilesToOpen({ title: `CA certificate of the notary server for ${gun}` });
        const caFile = paths?.[0];
        if (!caFile) return null;
        updateServerSetting(ports.dataDir, trustDir, gun, { caFile }, scope);
        return settingView(serverSetting(ports.dataDir, trustDir, gun));
      },
      checkServer: ({ trustDirId, gun, server, token, insecureHttp, scope }) =>
        checkServer(ports.dataDir, dir(trustDirId), gun, { server, token, insecureHttp, scope, now: ports.clock.now() }),
      ...lookupHandlers(ports, dir),
    },
    drives: { list: () => backups.drives() },
    backups: {
      create: ({ trustDirId, ...args }) => backups.create(dir(trustDirId), args),
      chooseFile: () => backups.chooseFile(),
      archives: () => listWrittenArchives(ports.dataDir),
      verify: ({ trustDirId, ...args }) => backups.verify(dir(trustDirId), args),
      coverage: ({ trustDirId }) => backups.coverage(dir(trustDirId)),
      previewRestore: ({ trustDirId, ...args }) => backups.previewRestore(dir(trustDirId), args),
      restore: ({ trustDirId, ...args }) => backups.restore(dir(trustDirId), args),
      discardRestore: ({ planId }) => backups.discardRestore(planId),
    },
    tokens: {
      list: () => tokens.list(),
      diagnostics: () => tokens.diagnostics(),
      addModule: async () => {
        const paths = await ports.dialogs.chooseFilesToOpen({ title: 'Choose a PKCS#11 module (.so, .dylib or .dll)' });
        const path = paths?.[0];
        return path ? tokens.addModule(path) : null;
      },
      login: ({ tokenId, pin, useDefaultPin }) => tokens.login(tokenId, pin, useDefaultPin),
      logout: ({ tokenId }) => tokens.logout(tokenId),
      generateRoot: ({ trustDirId, tokenId, way, passphrase }) => tokens.generateRoot(dir(trustDirId), tokenId, way, passphrase),
    },
    publish: {
      init: ({ trustDirId, gun, snapshot, passphrases }) => publish.init(dir(trustDirId), gun, snapshot, passphrases),
      rotate: ({ trustDirId, gun, role, serverManaged, passphrases }) => publish.rotate(dir(trustDirId), gun, role, serverManaged, passphrases),
      resign: ({ trustDirId, gun, roles, passphrases }) => publish.resign(dir(trustDirId), gun, roles, passphrases),
      signers: ({ trustDirId, gun }) => publish.signers(dir(trustDirId), gun),
      chooseSignerKey: async () => {
        const paths = await ports.dialogs.chooseFilesToOpen({ title: "Choose the signer's public key (.pub) or certificate" });
        const path = paths?.[0];
        return path ? publish.chooseSignerKey(path) : null;
      },
      addSigner: ({ trustDirId, gun, name, selectionId, passphrases }) => publish.addSigner(dir(trustDirId), gun, name, selectionId, passphrases),
      removeSigner: ({ trustDirId, gun, name, passphrases, confirmation }) => publish.removeSigner(dir(trustDirId), gun, name, passphrases, confirmation),
      recoveryPlan: ({ trustDirId, gun, fromServer }) => publish.recoveryPlan(dir(trustDirId), gun, fromServer),
      deleteTrustData: ({ trustDirId, gun, confirmation }) => publish.deleteTrustData(dir(trustDirId), gun, confirmation),
    },
    vault: {
      ...vault.vault,
      savePassphrase: ({ trustDirId, keyId, passphrase }) => vault.vault.savePassphrase(dir(trustDirId), keyId, passphrase),
      takeOffline: ({ trustDirId, keyId, insist }) => vault.vault.takeOffline(dir(trustDirId), keyId, insist),
      bringOnline: ({ trustDirId, keyId, forSeconds }) => vault.vault.bringOnline(dir(trustDirId), keyId, forSeconds),
    },
    audit: vault.auditLog,
    clipboard: { copySecret: ({ text }) => clipboard.copy(text) },
    folders: {
      check: ({ trustDirId }) => findLooseFolders({ trustDir: dir(trustDirId), dataDir: ports.dataDir }),
      tighten: ({ trustDirId }) => tightenFolders({ trustDir: dir(trustDirId), dataDir: ports.dataDir }),
    },
    migrate: { kit: (a) => writeKitFromApp(ports, dir(a.trustDirId), a) },
    leftovers: {
      list: ({ trustDirId }) => leftovers.list(dir(trustDirId)),
      promote: ({ trustDirId, id }) => leftovers.promote(dir(trustDirId), id),
      remove: ({ trustDirId, ids, insist }) => leftovers.remove(dir(trustDirId), ids, insist),
    },
    tags: {
      list: ({ trustDirId, gun }) => tagService.list(dir(trustDirId), gun),
      preview: ({ trustDirId, gun, tags }) => tagService.preview(dir(trustDirId), gun, tags),
      sign: ({ trustDirId, previewId, passphrases }) => tagService.sign(dir(trustDirId), previewId, passphrases),
      revoke: ({ trustDirId, gun, tags, passphrases, confirmation }) => tagService.revoke(dir(trustDirId), gun, tags, passphrases, confirmation),
      inventory: ({ trustDirId, gun }) => {
        dir(trustDirId);
        return tagService.inventory(gun);
      },
      putBack: ({ trustDirId, gun, passphrases }) => tagService.putBack(dir(trustDirId), gun, passphrases),
      signIn: ({ gun }) => tagService.signIn(gun, ports.dialogs.askRegistryLogin?.bind(ports.dialogs)),
      signOut: ({ gun }) => tagService.signOut(gun),
    },
  }, vault.audit);
}
