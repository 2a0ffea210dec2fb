import { basename, resolve } from 'node:path';
import { auditedCli } from '../../core/audit/for-cli';
import { importKeys } from '../../core/keys/store/import-keys';
import { previewImportFile, type ImportSource } from '../../core/keys/store/import-preview';
import { readImportFile } from '../../core/keys/store/import-selections';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkGun, checkRole } from '../validate';

export async function keysImport(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'keys import', ['role', 'gun', 'passphrase-env', 'new-passphrase-env']);
  const files = ctx.args.positionals.slice(2);
  if (files.length === 0) throw new UsageError('keys import needs at least one FILE');
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']);
  const newPassphrase = secretFromEnv(ctx.env, 'new-passphrase-env', v['new-passphrase-env']) ?? passphrase;
  const sources: ImportSource[] = [];
  const refusedFiles: { source: string; code: string; reason: string }[] = [];
  for (const f of files) {
    const path = resolve(ctx.cwd, f);
    // Bounded and never blocking: a FIFO, /dev/zero or a 200 MB file is refused before it is read.
    const text = readImportFile(path);
    const { preview, sources: s } = previewImportFile(basename(path), text);
    if (preview.problem) refusedFiles.push({ source: preview.name, code: 'BAD_KEY_FILE', reason: preview.problem });
    sources.push(...s);
  }
  const role = v.role !== undefined ? checkRole(v.role) : undefined;
  const gun = v.gun !== undefined ? checkGun(v.gun) : undefined;
  const report = await auditedCli(
    ctx,
    { action: 'key.imported', role: role ?? null, gun: gun ?? null },
    () => importKeys(ctx.trustDir, sources, { role, gun, passphrase, newPassphrase }),
    (r) => ({ keyIds: r.imported.map((k) => k.id), detail: `${r.imported.length} imported, ${r.refused.length + refusedFiles.length} refused` }),
  );
  report.refused.unshift(...refusedFiles);
  if (ctx.json) ctx.stdout(`${JSON.stringify(report)}\n`);
  else for (const k of report.imported) ctx.stdout(`Imported ${k.role} key ${k.id}\n`);
  for (const r of report.refused) ctx.stderr(`trust-vault: not imported: ${r.source}: ${r.reason}\n`);
  return report.refused.length === 0 ? 0 : 1;
}
