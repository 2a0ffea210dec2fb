import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { createTokenClient } from '../electron/core/token/pkcs11/client';
import { forkWorkerHost } from '../electron/core/token/worker-host';
import { makeSoftHsm, SOFTHSM2_MODULE } from '../test/support/softhsm';

/**
 * Issue 5: 100 ECDSA P-256 signatures on a SoftHSM2 token (through the token process: SHA-256 on the host,
 * CKM_ECDSA on the token, each verified) against 100 node:crypto signatures in the same run. Reports the token's
 * overhead as a ratio; there is no target (a real YubiKey takes tens of milliseconds a signature by itself).
 */
const SIGNATURES = Number(process.env.BENCH_TOKEN_SIGNATURES ?? 100);
const PIN = '111111';

export async function benchToken(): Promise<{ ratio: number }> {
  const hsm = makeSoftHsm();
  const { serial } = hsm.initToken({ label: 'bench', pin: PIN, soPin: '22222222' });
  const worker = join(__dirname, '..', 'dist', 'electron', 'token-worker.js');
  const client = createTokenClient(forkWorkerHost(worker, [], () => ({ ...process.env, SOFTHSM2_CONF: hsm.conf })));
  const ref = { modulePath: SOFTHSM2_MODULE, serial };
  try {
    await client.login(ref, PIN);
    const { ecPoint } = await client.generateEcKeyPair(ref, { ckaId: '02', label: 'root' });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const messages = Array.from({ length: SIGNATURES }, (_, i) => Buffer.from(`{"signed":{"_type":"Root","version":${i}}}`));
    const tokenKey = { key: Buffer.concat([Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex'), ecPoint]), format: 'der' as const, type: 'spki' as const };

    await client.signEcdsa(ref, '02', createHash('sha256').update('warm-up').digest());
    const t0 = process.hrtime.bigint();
    for (const m of messages) {
      const sig = await client.signEcdsa(ref, '02', createHash('sha256').update(m).digest());
      if (!verify('sha256', m, { ...tokenKey, dsaEncoding: 'ieee-p1363' }, sig)) throw new Error('a token signature did not verify');
    }
    const tokenMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const t1 = process.hrtime.bigint();
    for (const m of messages) {
      const sig = sign('sha256', m, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      if (!verify('sha256', m, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig)) throw new Error('a node:crypto signature did not verify');
    }
    const nodeMs = Number(process.hrtime.bigint() - t1) / 1e6;
    const ratio = tokenMs / nodeMs;
    console.log(`\n${SIGNATURES} ECDSA P-256 signatures, each verified:`);
    console.log(`${'node:crypto in process'.padEnd(52)}${nodeMs.toFixed(1).padStart(8)} ms  1.00x`);
    console.log(`${'SoftHSM2 through the token process'.padEnd(52)}${tokenMs.toFixed(1).padStart(8)} ms  ${ratio.toFixed(2)}x`);
    console.log(`token overhead per signature: ${((tokenMs - nodeMs) / SIGNATURES).toFixed(2)} ms`);
    return { ratio };
  } finally {
    await client.close();
    hsm.cleanup();
  }
}
