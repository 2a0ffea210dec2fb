import type { ArgsOut } from '../../../shared/contract';
import type { MigrationKitResult } from '../../../shared/dto/migrate';
import { VaultError } from '../errors';
import type { CorePorts } from '../ports';
import { serverSetting } from '../repos/server-check';
import { writeKit } from './kit';
import { trustDataFromServer } from './trust-data';

/**
 * The app's "Leave content trust" wizard, in core: the repository is fetched from the server remembered for it and
 * verified first (a repository that does not verify gets no kit, before any dialog), then main's folder dialog
 * chooses where the kit goes. The renderer never names the folder.
 */
export async function writeKitFromApp(ports: CorePorts, trustDir: string, a: ArgsOut<'migrate', 'kit'>): Promise<MigrationKitResult | null> {
  const setting = serverSetting(ports.dataDir, trustDir, a.gun);
  if (!setting.server) throw new VaultError('INVALID_ARGUMENT', `no notary server is remembered for ${a.gun}: check the repository against its server first`);
  const now = ports.clock.now();
  const data = await trustDataFromServer(trustDir, a.gun, { server: setting.server, ...(setting.caFile ? { caFile: setting.caFile } : {}) }, now);
  const outDir = await ports.dialogs.chooseFolder({ title: `Choose a new or empty folder for the ${a.to === 'cosign' ? 'cosign' : 'Notation'} kit of ${a.gun}` });
  if (outDir === null) return null;
  return writeKit({
    trustDir,
    to: a.to,
    outDir,
    key: a.key,
    data,
    now,
    ...(a.keyPassphrase !== undefined ? { keyPassphrase: a.keyPassphrase } : {}),
    ...(a.targetsPassphrase !== undefined ? { targetsPassphrase: a.targetsPassphrase } : {}),
    ...(a.rootPassphrase !== undefined ? { rootPassphrase: a.rootPassphrase } : {}),
    ...(a.newPassphrase !== undefined ? { newPassphrase: a.newPassphrase } : {}),
    ...(a.legacyLabel ? { cosignLabel: 'ENCRYPTED COSIGN PRIVATE KEY' as const } : {}),
    ...(a.notation ? { notation: a.notation } : {}),
  });
}
