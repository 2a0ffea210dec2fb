import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseImageName } from '../../../../shared/lookup/image-name';
import type { Handlers } from '../../api/dispatcher';
import { verifyArchive, writeArchive } from '../../archive';
import { VaultError } from '../../errors';
import type { CorePorts } from '../../ports';
import { addRepo, lookupRepo } from './add-repo';
import { checkAllRepos, checkRepo } from './check-repo';
import { serverForGun } from './registry-servers';
import { rememberArchive } from '../../backup/written-archives';

type LookupOps = Pick<Handlers['repos'], 'serverFor' | 'lookup' | 'add' | 'check' | 'checkAll' | 'archive' | 'verifyArchive'>;

function gunOf(name: string) {
  try {
    return normaliseImageName(name);
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', e instanceof Error ? e.message : String(e));
  }
}

/** The CA file remembered for this server (per repository or registry), for TLS; only for https. */
function caFileFor(dataDir: string, trustDir: string, gun: string, server: string): string | undefined {
  const s = serverForGun(dataDir, trustDir, gun);
  return s.server === server.replace(/\/+$/, '') && server.startsWith('https:') ? s.caFile : undefined;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** The repos operations of issue 15, bound to core: look-up and add, checks with progress, archives. */
export function lookupHandlers(ports: CorePorts, dir: (trustDirId: string) => string): LookupOps {
  const now = () => ports.clock.now();
  return {
    serverFor: ({ trustDirId, name }) => {
      const trustDir = dir(trustDirId);
      const { gun, registry } = gunOf(name);
      const found = serverForGun(ports.dataDir, trustDir, gun);
      return {
        gun,
        registry,
        server: found.server,
        suggestion: found.server === null ? found.suggestion : null,
        cached: existsSync(join(trustDir, 'tuf', gun, 'metadata')),
      };
    },
    lookup: async ({ trustDirId, name, server, token }) => {
      const trustDir = dir(trustDirId);
      const { gun } = gunOf(name);
      const caFile = caFileFor(ports.dataDir, trustDir, gun, server);
      return (await lookupRepo(trustDir, name, { server, ...(caFile ? { caFile } : {}), ...(token ? { auth: { bearer: token } } : {}), now: now() })).preview;
    },
    add: async ({ trustDirId, name, server, pinRootIds, pinCa, acceptFirstUse, token }) => {
      const trustDir = dir(trustDirId);
      const { gun } = gunOf(name);
      let pinCaFile: string | undefined;
      if (pinCa) {
        const paths = await ports.dialogs.chooseFilesToOpen({ title: `The CA (PEM) the root certificates of ${gun} must be issued by` });
        pinCaFile = paths?.[0];
        if (!pinCaFile) throw new VaultError('CANCELLED', 'Cancelled');
      }
      const caFile = caFileFor(ports.dataDir, trustDir, gun, server);
      return addRepo(trustDir, ports.dataDir, name, {
        server,
        ...(caFile ? { caFile } : {}),
        ...(token ? { auth: { bearer: token } } : {}),
        now: now(),
        ...(pinRootIds.length > 0 ? { pinRootIds } : {}),
        ...(pinCaFile ? { pinCaFile } : {}),
        acceptFirstUse,
      });
    },
    check: ({ trustDirId, gun }) => checkRepo(dir(trustDirId), ports.dataDir, gun, { now: now() }),
    checkAll: ({ trustDirId, jobId }) =>
      checkAllRepos(dir(trustDirId), ports.dataDir, { now: now(), onProgress: (p) => ports.events.emit('repoCheck', { jobId, ...p }) }),
    archive: async ({ trustDirId, guns, jobId }) => {
      const trustDir = dir(trustDirId);
      const serverFor = (gun: string) => {
        const s = serverForGun(ports.dataDir, trustDir, gun);
        if (s.server === null) throw new VaultError('INVALID_ARGUMENT', `no notary server is set for ${gun}: check it against its server first`);
        return { server: s.server, ...(s.caFile ? { caFile: s.caFile } : {}) };
      };
      guns.forEach(serverFor); // before any dialog: a repository without a server is a prompt in the UI, not a surprise here
      const parent = await ports.dialogs.chooseFolder({ title: 'Folder to write the trust data archive in' });
      if (parent === null) return null;
      const at = now();
      const written = await writeArchive(join(parent, `trust-archive-${stamp(at)}`), guns, {
        trustDir,
        serverFor,
        now: at,
        onProgress: (p) => ports.events.emit('progress', { jobId, phase: 'reading', target: p.gun, done: p.done, total: p.total }),
      });
      // Remembered so the backup wizard can offer it (issue 15, point 3).
      rememberArchive(ports.dataDir, { dir: written.dir, guns: written.repos.map((r) => r.gun), writtenAt: at.toISOString() });
      return written;
    },
    verifyArchive: async () => {
      const folder = await ports.dialogs.chooseFolder({ title: 'Choose a trust data archive folder to verify' });
      return folder === null ? null : verifyArchive(folder);
    },
  };
}
