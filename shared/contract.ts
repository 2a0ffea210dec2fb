import { z } from 'zod';
import type { AppInfo, MenuCommand, TrustDirInfo } from './dto/app';
import type { GeneratedKey, ImportReport, ImportSelection, KeyInfo, KeyListing, RemovalImpact } from './dto/keys';
import { KEY_ALGORITHMS } from './dto/keys';
import type {
  ExpiryRadarEntry,
  ForgetOutcome,
  ForgottenRepo,
  PinnedRootInfo,
  RepoDetail,
  RepoServerCheck,
  RepoSummary,
  RestoreOutcome,
  ServerSettingView,
} from './dto/repos';
import type {
  BackupCreated,
  ChosenBackupFile,
  CoverageReport,
  DriveInfo,
  ProgressEvent,
  RestorePreview,
  RestoreReport,
  VerifyReport,
  WrittenArchive,
} from './dto/backups';
import type { LooseFolder, TightenResult } from './dto/folders';
import type { PublishResult, SignerInfo, SignerKeyChoice } from './dto/publish';
import type { CheckAllProgress, RepoAddOutcome, RepoCheckResult, RepoLookupPreview, ServerForName } from './dto/repo-lookup';
import type { ArchiveVerifyResult, ArchiveWriteResult } from './dto/archive';
import type { RecoveryPlan } from './dto/recovery';
import type { RegistryLoginDto, RegistryTags, TagInventoryDto, TagPutBackOutcome, TagRevokeOutcome, TagSignOutcome, TagSignPreview } from './dto/tags';
import type { TokenDiagnostics, TokenInfo, TokenRootCreated, TokenTouchEvent } from './dto/tokens';
import type { AuditEntry, AuditVerification, OfflineOutcome, OnlineOutcome, QuarantinedKey, VaultLockReason, VaultStatus } from './dto/vault';
import { AUDIT_ACTIONS } from './dto/vault';
import type { MigrationKitResult } from './dto/migrate';
import type { LeftoverInfo, LeftoverOutcome } from './dto/leftovers';
import { dockerKeyNameSchema, gunSchema, keyIdSchema, opaqueIdSchema, passphraseSchema, roleSchema } from './schemas';

/**
 * The IPC contract: every operation the renderer may ask of main, named once, with the schema its argument must
 * parse against and the type of its result. The preload, the main-side binding (electron/ipc.ts), the e2e harness
 * and the renderer's types are all derived from this object. Adding an operation = one entry here + one core function.
 *
 * Every operation takes exactly one argument object (strict: unknown fields are refused) and answers Result<R>.
 * Paths to write are never named by the renderer: main chooses them through native dialogs.
 */

export interface Operation<A extends z.ZodType, R> {
  args: A;
  /** Phantom: carries the result type, never set at run time. */
  result?: R;
}

const op =
  <R>() =>
  <A extends z.ZodType>(args: A): Operation<A, R> => ({ args });

const none = z.object({}).strict();
/** Passphrases per role for one publisher operation: of the keys it uses, and of the new keys it makes. */
const rolePassphrases = z
  .object({ root: passphraseSchema.optional(), targets: passphraseSchema.optional(), snapshot: passphraseSchema.optional(), delegation: passphraseSchema.optional() })
  .strict()
  .default({});
const trustDirRef = { trustDirId: opaqueIdSchema };
/** An absolute path (POSIX, a Windows drive or a UNC share), as webUtils.getPathForFile gives it. */
const droppedPathSchema = z
  .string()
  .min(2)
  .max(4096)
  .refine((p) => !p.includes('\0') && (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')), 'must be an absolute path');
/** An image name as typed (`alpine`, `registry.example.com/team/app:v1`); core normalises it and says what is wrong. */
const imageNameSchema = z.string().min(1).max(512);
const serverUrlSchema = z
  .string()
  .max(2048)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'not an http or https URL');

export const contract = {
  app: {
    info: op<AppInfo>()(none),
  },
  trustDirs: {
    list: op<TrustDirInfo[]>()(none),
    /** Opens a folder dialog in main; null when the user cancels. */
    add: op<TrustDirInfo | null>()(none),
    select: op<TrustDirInfo[]>()(z.object({ id: opaqueIdSchema }).strict()),
    /** Forgets the folder; never deletes anything on disk. */
    forget: op<TrustDirInfo[]>()(z.object({ id: opaqueIdSchema }).strict()),
  },
  keys: {
    list: op<KeyListing>()(z.object(trustDirRef).strict()),
    generate: op<GeneratedKey>()(
      z
        .object({
          ...trustDirRef,
          role: roleSchema,
          gun: gunSchema.optional(),
          algorithm: z.enum(KEY_ALGORITHMS).default('ecdsa'),
          rsaBits: z.union([z.literal(2048), z.literal(4096)]).optional(),
          passphrase: passphraseSchema,
          /** Docker-style named keys: also write NAME.pub into a folder main asks for. */
          writePublicKey: z.boolean().default(false),
        })
        .strict(),
    ),
    /** Opens a file dialog in main and previews what the chosen PEM files hold; null when cancelled. */
    chooseImport: op<ImportSelection | null>()(none),
    /**
     * Previews files dropped on the window, named by the paths the preload got from Electron's webUtils.getPathForFile
     * (the renderer cannot see paths itself). Only read, never written: the import itself goes by selection ID.
     */
    previewFiles: op<ImportSelection>()(z.object({ paths: z.array(droppedPathSchema).min(1).max(100) }).strict()),
    import: op<ImportReport>()(
      z
        .object({
          ...trustDirRef,
          selectionId: opaqueIdSchema,
          role: roleSchema.optional(),
          gun: gunSchema.optional(),
          /** Decrypts encrypted inputs. */
          passphrase: passphraseSchema.optional(),
          /** Encrypts unencrypted inputs (keys are never stored unencrypted). */
          newPassphrase: passphraseSchema.optional(),
        })
        .strict(),
    ),
    /** Opens a save dialog in main; null when cancelled. */
    export: op<{ path: string } | null>()(
      z
        .object({
          ...trustDirRef,
          ids: z.array(keyIdSchema).min(1).max(10_000),
          kind: z.enum(['bundle', 'public']),
          /** Only for kind 'public' of an encrypted key: its public key is inside the encrypted file. */
          passphrase: passphraseSchema.optional(),
        })
        .strict(),
    ),
    changePassphrase: op<KeyInfo>()(
      z
        .object({ ...trustDirRef, id: keyIdSchema, oldPassphrase: passphraseSchema, newPassphrase: passphraseSchema })
        .strict(),
    ),
    removalImpact: op<RemovalImpact>()(z.object({ ...trustDirRef, id: keyIdSchema }).strict()),
    remove: op<{ removed: string }>()(
      z
        .object({ ...trustDirRef, id: keyIdSchema, confirmation: z.string().max(256), insist: z.boolean().default(false) })
        .strict(),
    ),
  },
  repos: {
    /** Every repository cached in the trust dir's tuf/ folder, verified; soonest expiry first. Reads only. */
    list: op<RepoSummary[]>()(z.object(trustDirRef).strict()),
    /** One repository's full status, plus which of its keys this trust dir holds. */
    status: op<RepoDetail>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /** Roles expiring within 90 days across all cached repositories, soonest first (server-managed timestamp excepted). */
    expiryRadar: op<ExpiryRadarEntry[]>()(z.object(trustDirRef).strict()),
    /** The root keys a repository's cache pins, for the forget dialog. Reads only. */
    pinnedRoot: op<PinnedRootInfo>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /**
     * Consumer reset: moves `<trust>/tuf/<gun>` into the app's data folder (restorable, never deleted).
     * `confirmation` must be the GUN as the user typed it, else CONFIRMATION_REQUIRED and nothing moves.
     */
    forget: op<ForgetOutcome>()(z.object({ ...trustDirRef, gun: gunSchema, confirmation: z.string().max(256) }).strict()),
    /** Repositories of this trust dir whose trust data was forgotten, newest first. */
    forgotten: op<ForgottenRepo[]>()(z.object(trustDirRef).strict()),
    /** Puts forgotten trust data back; refused (ALREADY_EXISTS) when the GUN has trust data again. */
    restore: op<RestoreOutcome>()(z.object({ ...trustDirRef, entryId: z.string().regex(/^\d{8}T\d{9}Z-[A-Za-z0-9._-]{1,200}$/, 'not a forgotten-repository ID') }).strict()),
    /** The notary server remembered for this repository (or the whole trust dir). */
    serverSetting: op<ServerSettingView>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /**
     * Opens main's file dialog for the CA (PEM) of the repository's server and remembers the chosen file for it;
     * null when cancelled. The renderer never names the path.
     */
    chooseCaFile: op<ServerSettingView | null>()(z.object({ ...trustDirRef, gun: gunSchema, scope: z.enum(['repo', 'trustDir']).default('repo') }).strict()),
    /**
     * Fetches the repository from its notary server and verifies it against the cached root. Reads only: the cache
     * never changes. `server` (remembered when given) else the remembered one; `token` is used for this call only.
     */
    checkServer: op<RepoServerCheck>()(
      z
        .object({
          ...trustDirRef,
          gun: gunSchema,
          server: z
            .string()
            .max(2048)
            .refine((u) => {
              try {
                const p = new URL(u).protocol;
                return p === 'http:' || p === 'https:';
              } catch {
                return false;
              }
            }, 'not an http or https URL')
            .optional(),
          token: z.string().min(1).max(8192).optional(),
          /**
           * Mark the server insecure (remembered with it): the token may then go over plain http. Without it a token
           * goes over https only (INSECURE_TRANSPORT, nothing sent).
           */
          insecureHttp: z.boolean().optional(),
          /** Remember the server for this repository only, or for every repository of the trust dir. */
          scope: z.enum(['repo', 'trustDir']).default('repo'),
        })
        .strict(),
    ),
    /**
     * Adding a repository (issue 15): the image name normalised as docker does, and the notary server remembered for
     * it or its registry, else a known one only as a suggestion (never used silently). Reads only.
     */
    serverFor: op<ServerForName>()(z.object({ ...trustDirRef, name: imageNameSchema }).strict()),
    /** Fetches and verifies the repository from the server, and shows its root keys for comparison. Writes nothing. */
    lookup: op<RepoLookupPreview>()(z.object({ ...trustDirRef, name: imageNameSchema, server: serverUrlSchema, token: z.string().min(1).max(8192).optional() }).strict()),
    /**
     * Adds the repository once its root is accepted: pinned by root key IDs (x509 or key file ID), by a CA main asks
     * for in a file dialog, already pinned in the trust dir, or `acceptFirstUse`. Writes the pin into the trust dir's
     * config.json (notary's trust_pinning) and the verified data into the cache; remembers the server for the registry.
     */
    add: op<RepoAddOutcome>()(
      z
        .object({
          ...trustDirRef,
          name: imageNameSchema,
          server: serverUrlSchema,
          pinRootIds: z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'a root key ID is 64 hex characters')).max(16).default([]),
          pinCa: z.boolean().default(false),
          acceptFirstUse: z.boolean().default(false),
          token: z.string().min(1).max(8192).optional(),
        })
        .strict(),
    ),
    /** Checks one cached repository against its server; verified data the cache lacks is fetched into it. */
    check: op<RepoCheckResult>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /** Checks every cached repository, one `repoCheck` event per repository tagged with `jobId`. */
    checkAll: op<RepoCheckResult[]>()(z.object({ ...trustDirRef, jobId: opaqueIdSchema }).strict()),
    /**
     * Writes a verified archive of the repositories (each from its remembered server) into a new folder inside the
     * one main's folder dialog asks for; null when cancelled. Progress as `progress` events (phase 'reading').
     */
    archive: op<ArchiveWriteResult | null>()(z.object({ ...trustDirRef, guns: z.array(gunSchema).min(1).max(1000), jobId: opaqueIdSchema }).strict()),
    /** Verifies an archive folder main's dialog asks for, offline; null when cancelled. */
    verifyArchive: op<ArchiveVerifyResult | null>()(none),
  },
  drives: {
    /** Removable drives now; main then follows drives coming and going and sends the `drives` event on change. */
    list: op<DriveInfo[]>()(none),
  },
  backups: {
    /**
     * Packs the chosen keys (all when `keyIds` is absent) as a tar.gz with a manifest, encrypts it as one age file
     * under `passphrase`, writes it atomically to each destination (never over an existing file), then reads each
     * copy back from its drive and verifies it. One copy failing does not undo the others: each copy reports its
     * own outcome. Progress goes out as `progress` events tagged with `jobId`.
     */
    create: op<BackupCreated>()(
      z
        .object({
          ...trustDirRef,
          keyIds: z.array(keyIdSchema).min(1).max(100_000).optional(),
          includePinnedRoots: z.boolean().default(true),
          passphrase: passphraseSchema,
          destinations: z
            .array(z.discriminatedUnion('kind', [z.object({ kind: z.literal('drive'), driveId: opaqueIdSchema }).strict(), z.object({ kind: z.literal('folder') }).strict()]))
            .min(1)
            .max(4),
          jobId: opaqueIdSchema,
          /** Trust-data archives to carry, by the IDs `backups.archives` gave (issue 15, point 3); each verified first. */
          archiveIds: z.array(opaqueIdSchema).max(20).optional(),
        })
        .strict(),
    ),
    /** The trust-data archive folders the app wrote and that still exist, newest first (no paths). */
    archives: op<WrittenArchive[]>()(none),
    /** Opens main's file dialog for a backup file (to verify or restore); null when cancelled. */
    chooseFile: op<ChosenBackupFile | null>()(none),
    /** Reads the chosen file back, decrypts it and checks it against its manifest and the trust dir; updates the ledger. */
    verify: op<VerifyReport>()(z.object({ ...trustDirRef, fileId: opaqueIdSchema, passphrase: passphraseSchema, jobId: opaqueIdSchema }).strict()),
    /** Every key of the trust dir with the backups that hold it and when they were last verified; root first. */
    coverage: op<CoverageReport>()(z.object(trustDirRef).strict()),
    /**
     * Decrypts (age with `passphrase`, or a plain tar.gz) and checks every entry; nothing is written. The checked
     * archive stays in main under `planId` for a few minutes, for `restore`.
     */
    previewRestore: op<RestorePreview>()(
      z.object({ ...trustDirRef, fileId: opaqueIdSchema, passphrase: passphraseSchema.optional(), jobId: opaqueIdSchema }).strict(),
    ),
    /** Writes the chosen entries of a previewed archive into the trust dir, never over an existing file; all or none. */
    restore: op<RestoreReport>()(
      z
        .object({
          ...trustDirRef,
          planId: opaqueIdSchema,
          keyPaths: z.array(z.string().max(1024)).max(100_000),
          rootGuns: z.array(gunSchema).max(100_000).default([]),
        })
        .strict(),
    ),
    /** Drops a previewed archive from main's memory. */
    discardRestore: op<null>()(z.object({ planId: opaqueIdSchema }).strict()),
  },
  tokens: {
    /** Tokens of every PKCS#11 module found (known paths plus added ones), with their keys; then main follows them (`tokens` event). */
    list: op<TokenInfo[]>()(none),
    /** Modules (found, loaded, why not), slots, tokens, PIN state and firmware advisories. */
    diagnostics: op<TokenDiagnostics>()(none),
    /** Opens main's file dialog for a PKCS#11 module and remembers it; null when cancelled. */
    addModule: op<TokenDiagnostics | null>()(none),
    /**
     * Logs in to a token for as long as it stays connected (the PIN is kept nowhere). `useDefaultPin` tries the
     * factory default PIN 123456, as notary does, and says so: a failure costs one of the token's PIN tries.
     */
    login: op<TokenInfo>()(
      z.object({ tokenId: opaqueIdSchema, pin: z.string().min(1).max(256).optional(), useDefaultPin: z.boolean().default(false) }).strict(),
    ),
    logout: op<TokenInfo>()(z.object({ tokenId: opaqueIdSchema }).strict()),
    /**
     * A root key on the token. `import` (notary's way): made in software, imported with a self-signed certificate
     * under the first free of notary's IDs, and written encrypted with `passphrase` into the trust dir as its backup
     * (removed from the token again if that write fails). `on-device`: made on the token, never extractable.
     */
    generateRoot: op<TokenRootCreated>()(
      z
        .object({
          ...trustDirRef,
          tokenId: opaqueIdSchema,
          way: z.enum(['import', 'on-device']),
          passphrase: passphraseSchema.optional(),
        })
        .strict(),
    ),
  },
  publish: {
    /**
     * Publisher operations on the repository's notary server (the one remembered for it: repos.serverSetting).
     * Every change is verified locally before it is sent; key files and the cache change only after the server
     * accepted it; each answer ends with the repository's trust status on the server.
     */
    init: op<PublishResult>()(
      z.object({ ...trustDirRef, gun: gunSchema, snapshot: z.enum(['local', 'server']).default('local'), passphrases: rolePassphrases }).strict(),
    ),
    rotate: op<PublishResult>()(
      z
        .object({ ...trustDirRef, gun: gunSchema, role: z.enum(['root', 'targets', 'snapshot', 'timestamp']), serverManaged: z.boolean().default(false), passphrases: rolePassphrases })
        .strict(),
    ),
    /**
     * Re-signs roles nearing expiry (within 90 days; or just `roles`) with their current keys: version + 1, a fresh
     * default expiry. The timestamp and a server-held snapshot are the server's.
     */
    resign: op<PublishResult>()(
      z.object({ ...trustDirRef, gun: gunSchema, roles: z.array(z.string().max(255)).max(100).optional(), passphrases: rolePassphrases }).strict(),
    ),
    /** The repository's signers (targets/<name> delegations) as the server has them. */
    signers: op<SignerInfo[]>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /** Opens main's file dialog for a signer's public key (.pub) or certificate; null when cancelled. */
    chooseSignerKey: op<SignerKeyChoice | null>()(none),
    /** As `docker trust signer add`: the key goes into targets/releases and targets/<name>. */
    addSigner: op<PublishResult>()(
      z.object({ ...trustDirRef, gun: gunSchema, name: dockerKeyNameSchema, selectionId: opaqueIdSchema, passphrases: rolePassphrases }).strict(),
    ),
    /** As `docker trust signer remove`; removing the last signer needs `confirmation` = the signer's name. */
    removeSigner: op<PublishResult>()(
      z.object({ ...trustDirRef, gun: gunSchema, name: dockerKeyNameSchema, passphrases: rolePassphrases, confirmation: z.string().max(256).optional() }).strict(),
    ),
    /** Which keys the user still has for each role, what is lost, and what can be done. Reads only. */
    recoveryPlan: op<RecoveryPlan>()(z.object({ ...trustDirRef, gun: gunSchema, fromServer: z.boolean().default(true) }).strict()),
    /**
     * The way out when the root key is truly lost: deletes the repository's trust data on the server (where it allows
     * it). `confirmation` must be the GUN. Local key files and the cache are not touched.
     */
    deleteTrustData: op<{ gun: string; server: string }>()(z.object({ ...trustDirRef, gun: gunSchema, confirmation: z.string().max(256) }).strict()),
  },
  vault: {
    /** Whether the vault file exists, is unlocked, its KDF parameters, saved passphrases (while unlocked) and offline keys. */
    status: op<VaultStatus>()(none),
    /**
     * Creates the vault file under a new master passphrase: Argon2id (64 MiB) with iterations calibrated on this
     * machine to `unlockSeconds`. Refused when a vault file exists. Leaves the vault unlocked.
     */
    create: op<VaultStatus>()(z.object({ passphrase: passphraseSchema, unlockSeconds: z.number().min(0.25).max(10).default(1) }).strict()),
    unlock: op<VaultStatus>()(z.object({ passphrase: passphraseSchema }).strict()),
    /** Wipes every cached secret in main (the vault key, saved passphrases, token sessions) and tells every window. */
    lock: op<VaultStatus>()(none),
    /** The person is active (keyboard or pointer): restarts the auto-lock countdown. */
    touch: op<null>()(none),
    /** Auto-lock after this many idle minutes (0 = never). */
    settings: op<VaultStatus>()(z.object({ autoLockMinutes: z.number().int().min(0).max(1440) }).strict()),
    /**
     * Changes the master passphrase: the vault is re-encrypted under a key derived (new salt, iterations calibrated
     * to `unlockSeconds`, else the current target) from `newPassphrase`. Refused unless `passphrase` opens it.
     * The Argon2 cost never drops below the current one unless `allowWeakerKdf` (the person chose it).
     */
    changePassphrase: op<VaultStatus>()(
      z
        .object({ passphrase: passphraseSchema, newPassphrase: passphraseSchema, unlockSeconds: z.number().min(0.25).max(10).optional(), allowWeakerKdf: z.boolean().optional() })
        .strict(),
    ),
    /** Re-encrypts the vault with iterations calibrated to a new unlock time; needs the master passphrase. Never cheaper than now unless `allowWeakerKdf`. */
    recalibrate: op<VaultStatus>()(z.object({ passphrase: passphraseSchema, unlockSeconds: z.number().min(0.25).max(10), allowWeakerKdf: z.boolean().optional() }).strict()),
    /** Saves a key's passphrase in the unlocked vault, once it is shown to open the key. */
    savePassphrase: op<VaultStatus>()(z.object({ ...trustDirRef, keyId: keyIdSchema, passphrase: passphraseSchema }).strict()),
    forgetPassphrase: op<VaultStatus>()(z.object({ keyId: keyIdSchema }).strict()),
    /**
     * Moves a key file from the trust dir into the unlocked vault. Refused (ONLY_COPY) unless a verified backup or a
     * token holds the key too, or `insist` after the warning. A key that is online for a while goes offline again.
     */
    takeOffline: op<OfflineOutcome>()(z.object({ ...trustDirRef, keyId: keyIdSchema, insist: z.boolean().default(false) }).strict()),
    /** Writes an offline key back into its trust dir, byte for byte as notary wrote it, for `forSeconds`. */
    bringOnline: op<OnlineOutcome>()(z.object({ ...trustDirRef, keyId: keyIdSchema, forSeconds: z.number().int().min(10).max(86_400).default(300) }).strict()),
    /** Key files a locked vault moved into the quarantine instead of deleting them (issue 12, point 2). */
    quarantine: op<QuarantinedKey[]>()(none),
    /** Puts a quarantined key file back at <its trust dir>/private/<id>.key, never over a file; returns what is left. */
    restoreQuarantined: op<QuarantinedKey[]>()(z.object({ name: z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{64}-[0-9a-f]{8}$/, 'a quarantine entry name') }).strict()),
  },
  audit: {
    /** Audit entries, newest last, matching the filter. */
    list: op<AuditEntry[]>()(
      z
        .object({
          actions: z.array(z.enum(AUDIT_ACTIONS)).max(AUDIT_ACTIONS.length).optional(),
          keyId: z.string().regex(/^[0-9a-f]{1,64}$/, 'a key ID (or its start) in lowercase hex').optional(),
          result: z.enum(['ok', 'failed']).optional(),
          since: z.string().datetime().optional(),
          until: z.string().datetime().optional(),
        })
        .strict(),
    ),
    /** Walks the hash chain: any edited, removed or reordered entry is reported with its line. */
    verify: op<AuditVerification>()(none),
    /**
     * When the log no longer verifies: moves it aside (kept, never deleted, under audit/) and starts a new chain whose
     * first entry names the file moved aside, its SHA-256 and what verification found. `confirmation` must be
     * "start a new log". Refused while the log verifies.
     */
    restart: op<AuditVerification>()(z.object({ confirmation: z.string().max(64) }).strict()),
    /** Writes the whole log as JSON lines to a file main's save dialog asks for; null when cancelled. */
    export: op<{ path: string; entries: number } | null>()(none),
  },
  tags: {
    /** The registry's tags of the repository (GUN = REGISTRY/REPO) with their state against the verified trust data. */
    list: op<RegistryTags>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /** Resolves the tags in the registry and says exactly what a sign would change; nothing is sent. */
    preview: op<TagSignPreview>()(z.object({ ...trustDirRef, gun: gunSchema, tags: z.array(z.string().min(1).max(128)).min(1).max(100) }).strict()),
    /** Signs a preview (its digests) as one change; the result is read back from the server. */
    sign: op<TagSignOutcome>()(z.object({ ...trustDirRef, previewId: opaqueIdSchema, passphrases: rolePassphrases }).strict()),
    /** Removes the tags' signatures from every role the user can sign; `confirmation` must be the GUN. */
    revoke: op<TagRevokeOutcome>()(
      z.object({ ...trustDirRef, gun: gunSchema, tags: z.array(z.string().min(1).max(128)).min(1).max(100), passphrases: rolePassphrases, confirmation: z.string().max(256) }).strict(),
    ),
    /** The verified tag→digest inventory main kept when the recovery plan was made (or before the trust data was deleted). */
    inventory: op<TagInventoryDto>()(z.object({ ...trustDirRef, gun: gunSchema }).strict()),
    /** Signs the kept inventory again (each digest confirmed in the registry first); tags it no longer serves are listed, not signed. */
    putBack: op<TagPutBackOutcome>()(z.object({ ...trustDirRef, gun: gunSchema, passphrases: rolePassphrases }).strict()),
    /**
     * Main asks for the registry's user name and password in its own prompt (never through the renderer) and keeps
     * them in memory, wiped on every lock (a vault or not) and after the auto-lock time idle; a cancelled prompt
     * answers with the login main still holds for that registry (null: none).
     */
    signIn: op<RegistryLoginDto>()(z.object({ gun: gunSchema }).strict()),
    /** Forgets the credentials main holds for the repository's registry. */
    signOut: op<RegistryLoginDto>()(z.object({ gun: gunSchema }).strict()),
  },
  clipboard: {
    /** Copies a secret the user chose to copy; main clears the clipboard after 30 s if it still holds it. */
    copySecret: op<{ clearsAfterSeconds: number }>()(z.object({ text: passphraseSchema }).strict()),
  },
  folders: {
    /** The trust dir, its private/ and the data dir when they are symbolic links or open to others (issue 12, point 8). */
    check: op<LooseFolder[]>()(z.object(trustDirRef).strict()),
    /** Sets the flagged folders to 0700 (a link's target); a link stays flagged. Only when the person asks. */
    tighten: op<TightenResult>()(z.object(trustDirRef).strict()),
  },
  migrate: {
    /**
     * Leaving content trust (issue 18): fetches the repository from its remembered notary server, verifies it, asks
     * for a folder through main's dialog (new or empty) and writes the kit there: the key in cosign's or Notation's
     * format, the inventory, the per-digest signing script, the signed transition statement. null when cancelled.
     */
    kit: op<MigrationKitResult | null>()(
      z
        .object({
          ...trustDirRef,
          gun: gunSchema,
          to: z.enum(['cosign', 'notation']),
          key: z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('targets') }).strict(),
            z.object({ kind: z.literal('existing'), id: keyIdSchema }).strict(),
            z.object({ kind: z.literal('new') }).strict(),
          ]),
          /** Of the reused key (and of the targets key, which signs the statement, when it is the same). */
          keyPassphrase: passphraseSchema.optional(),
          targetsPassphrase: passphraseSchema.optional(),
          rootPassphrase: passphraseSchema.optional(),
          /** cosign.key's passphrase. */
          newPassphrase: passphraseSchema.optional(),
          legacyLabel: z.boolean().default(false),
          notation: z
            .object({
              name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, . _ or -'),
              subject: z
                .object({
                  commonName: z.string().min(1).max(64),
                  organization: z.string().min(1).max(64),
                  state: z.string().min(1).max(64),
                  country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code'),
                  locality: z.string().min(1).max(64).optional(),
                })
                .strict(),
              validDays: z.number().int().min(1).max(1098),
            })
            .strict()
            .optional(),
        })
        .strict(),
    ),
  },
  leftovers: {
    /** Files interrupted writes left in the trust folder's private/ and the data folder (issue 13, point 3). Reads only. */
    list: op<LeftoverInfo[]>()(z.object(trustDirRef).strict()),
    /** Puts a leftover that holds the only copy of a key in place as its key file (never over one). */
    promote: op<LeftoverOutcome>()(z.object({ ...trustDirRef, id: opaqueIdSchema }).strict()),
    /**
     * Removes leftovers by the IDs `list` gave; all are checked before any goes. One holding the only copy of a key
     * is refused (CONFIRMATION_REQUIRED) unless `insist`, the person's explicit consent.
     */
    remove: op<LeftoverOutcome>()(z.object({ ...trustDirRef, ids: z.array(opaqueIdSchema).min(1).max(1000), insist: z.boolean().default(false) }).strict()),
  },
} as const;

export type Contract = typeof contract;

/**
 * Events main sends to the renderer, by name, with their payload types. Main → renderer only; the renderer
 * subscribes through window.vaultEvents (preload) and can send nothing back this way.
 */
export interface VaultEvents {
  /** Progress of a long operation (backup writing and verifying, restore reading). */
  progress: ProgressEvent;
  /** The removable drives changed (plugged in, removed, mounted, unmounted). */
  drives: DriveInfo[];
  /** Tokens were connected or removed, or their state changed. */
  tokens: TokenInfo[];
  /** A token waits for a touch to sign (waiting: true), or no longer does. */
  tokenTouch: TokenTouchEvent;
  /** The vault locked (button, idle, system lock or sleep): every renderer slice resets. */
  vaultLocked: { reason: VaultLockReason };
  /** "Check all": one repository checked (issue 15). */
  repoCheck: CheckAllProgress;
  /** A command chosen in the native application menu (electron/shell/app-menu.ts). */
  menu: { command: MenuCommand };
  /** The person clicked an expiry notification: open the repository to re-sign (issue 15, point 5). */
  expiryNotificationClicked: { trustDirId: string; gun: string; roles: string[] };
  /**
   * Main forgot the registry logins typed into its prompt (a lock with no vault unlocked, or the idle time): a tag
   * list still on screen may name a user who is no longer signed in, so it is read again.
   */
  registryLoginsCleared: Record<string, never>;
}
export type EventName = keyof VaultEvents;
export const EVENT_NAMES: readonly EventName[] = ['progress', 'drives', 'tokens', 'tokenTouch', 'vaultLocked', 'repoCheck', 'expiryNotificationClicked', 'menu', 'registryLoginsCleared'];
export const eventChannelOf = (name: EventName): string => `vault-event:${name}`;
export type GroupName = keyof Contract;
export type OpName<G extends GroupName> = keyof Contract[G] & string;
export type ArgsIn<G extends GroupName, O extends OpName<G>> = Contract[G][O] extends Operation<infer A, unknown> ? z.input<A> : never;
export type ArgsOut<G extends GroupName, O extends OpName<G>> = Contract[G][O] extends Operation<infer A, unknown> ? z.output<A> : never;
export type ResultOf<G extends GroupName, O extends OpName<G>> = Contract[G][O] extends Operation<z.ZodType, infer R> ? R : never;

/** IPC channel of an operation: computed, so no channel string is typed twice. */
export const channelOf = (group: string, name: string): string => `vault:${group}.${name}`;

/** Every (group, name, channel) the contract defines. */
export function listOperations(): { group: GroupName; name: string; channel: string }[] {
  return (Object.keys(contract) as GroupName[]).flatMap((group) =>
    Object.keys(contract[group]).map((name) => ({ group, name, channel: channelOf(group, name) })),
  );
}
