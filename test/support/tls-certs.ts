import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa {
  caFile: string;
  caKeyFile: string;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** A throwaway P-256 CA (NOTARY.md section 6), valid for a day. */
export function makeTestCa(dir: string, name: string): TestCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKeyFile = join(dir, `${name}-ca.key`);
  const caFile = join(dir, `${name}-ca.crt`);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKeyFile, '-out', caFile, '-days', '1', '-subj', `/CN=${name} test CA`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { caFile, caKeyFile };
}

/**
 * A P-256 server certificate signed by `ca`, for `subjectAltName` (e.g. `IP:127.0.0.1`). `days: -1` (OpenSSL 3.0
 * accepts it) makes one that expired a day before it was issued.
 */
export function makeServerCert(dir: string, ca: TestCa, name: string, subjectAltName: string, days = 1): { certFile: string; keyFile: string } {
  const keyFile = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const certFile = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `subjectAltName=${subjectAltName}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', `/CN=${name}`]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.caFile, '-CAkey', ca.caKeyFile, '-CAcreateserial', '-out', certFile, '-days', String(days), '-extfile', ext]);
  return { certFile, keyFile };
}
