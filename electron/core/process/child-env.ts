/**
 * What a child process (the token worker, lsblk, anything spawned) inherits (issue 12, point 6): a short allowlist,
 * never the whole environment. Secrets reach this process through variables the person names (`--passphrase-env
 * TV_PASS`, `--pin-env`, `--token-env`...); whatever their names, they are not on the list, and a name on the list
 * that was given as a secret's variable is dropped too. The token worker needs only what a PKCS#11 module reads.
 */

const KEEP = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  // Windows: processes fail to start or to load DLLs without these.
  'SystemRoot',
  'SYSTEMROOT',
  'windir',
  'WINDIR',
  'SystemDrive',
  'PATHEXT',
  'COMSPEC',
  // PKCS#11 modules: SoftHSM2's and OpenSC's configuration, and the PC/SC daemon's socket (YubiKey, smart cards).
  'SOFTHSM2_CONF',
  'OPENSC_CONF',
  'PCSCLITE_CSOCK_NAME',
  'XDG_RUNTIME_DIR',
]);

/**
 * The environment for a child process: the allowlisted variables of `env` (and LC_* locale settings), minus any
 * variable named in `secretNames` (the values of the `--*-env` options).
 */
export function minimalChildEnv(env: NodeJS.ProcessEnv, secretNames: Iterable<string> = []): NodeJS.ProcessEnv {
  const secret = new Set(secretNames);
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || secret.has(name)) continue;
    if (KEEP.has(name) || /^LC_[A-Z]+$/.test(name)) out[name] = value;
  }
  return out;
}
