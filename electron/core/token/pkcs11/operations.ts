import type { RawModule, TokenRef } from '../token-client';
import { VaultError } from '../../errors';
import * as keys from './keys';
import { libraryInfo } from './module';
import { listObjects } from './objects';
import { TokenSessions } from './sessions';
import { signEcdsa } from './sign';
import { listSlots } from './slots';
import type { Op } from './protocol';

/** The worker's side of each TokenClient method: argument checks, then pkcs11js through the small files. */

function ref(arg: unknown): TokenRef {
  const r = arg as Partial<TokenRef> | undefined;
  if (typeof r?.modulePath !== 'string' || typeof r.serial !== 'string') throw new VaultError('INVALID_ARGUMENT', 'expected a token reference');
  return { modulePath: r.modulePath, serial: r.serial };
}

function str(arg: unknown, what: string): string {
  if (typeof arg !== 'string') throw new VaultError('INVALID_ARGUMENT', `${what} must be a string`);
  return arg;
}

function buf(arg: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(arg)) throw new VaultError('INVALID_ARGUMENT', `${what} must be bytes`);
  return arg;
}

function obj(arg: unknown, what: string): Record<string, unknown> {
  if (typeof arg !== 'object' || arg === null) throw new VaultError('INVALID_ARGUMENT', `${what} must be an object`);
  return arg as Record<string, unknown>;
}

export function createOperations(tokens: TokenSessions): Record<Op, (args: unknown[]) => unknown> {
  return {
    probe: ([path]): RawModule => {
      const mod = tokens.fresh(str(path, 'module path'));
      return { library: libraryInfo(mod), slots: listSlots(mod) };
    },
    objects: ([r]) => tokens.with(ref(r), 'list objects', (t) => listObjects(t.lib, t.session)),
    isLoggedIn: ([r]) => tokens.with(ref(r), 'check login', (t) => TokenSessions.isLoggedIn(t)),
    login: ([r, pin]) => tokens.login(ref(r), str(pin, 'PIN')),
    logout: ([r]) => tokens.logout(ref(r)),
    importEcPrivateKey: ([r, k]) => {
      const key = obj(k, 'key');
      const input = { ckaId: str(key.ckaId, 'ckaId'), label: str(key.label, 'label'), d: buf(key.d, 'd'), certDer: buf(key.certDer, 'certDer') };
      tokens.with(ref(r), 'import key', (t) => {
        TokenSessions.requireLogin(t);
        keys.importEcPrivateKey(t.lib, t.session, input);
      });
    },
    generateEcKeyPair: ([r, k]) => {
      const key = obj(k, 'key');
      const input = { ckaId: str(key.ckaId, 'ckaId'), label: str(key.label, 'label') };
      return tokens.with(ref(r), 'generate key', (t) => {
        TokenSessions.requireLogin(t);
        return keys.generateEcKeyPair(t.lib, t.session, input);
      });
    },
    storeCertificate: ([r, c]) => {
      const cert = obj(c, 'certificate');
      const input = { ckaId: str(cert.ckaId, 'ckaId'), label: str(cert.label, 'label'), certDer: buf(cert.certDer, 'certDer') };
      tokens.with(ref(r), 'store certificate', (t) => {
        TokenSessions.requireLogin(t);
        keys.storeCertificate(t.lib, t.session, input);
      });
    },
    signEcdsa: ([r, ckaId, digest]) => {
      const id = str(ckaId, 'ckaId');
      const d = buf(digest, 'digest');
      return tokens.with(ref(r), 'sign', (t) => {
        TokenSessions.requireLogin(t);
        return signEcdsa(t.lib, t.session, id, d);
      });
    },
    destroyObjects: ([r, ckaId]) => {
      const id = str(ckaId, 'ckaId');
      return tokens.with(ref(r), 'delete key', (t) => {
        TokenSessions.requireLogin(t);
        return keys.destroyObjects(t.lib, t.session, id);
      });
    },
    shutdown: () => tokens.shutdown(),
  };
}
