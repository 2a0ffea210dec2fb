import type { KeyInfo } from '../../shared/dto/keys';

/** A listed key as core reports it (a notary-encrypted ECDSA file in the current layout); override what matters. */
export function keyInfo(id: string, over: Partial<KeyInfo> = {}): KeyInfo {
  return {
    id,
    role: 'targets',
    gun: 'example.com/app',
    kind: 'targets',
    algorithm: 'ecdsa',
    location: 'file',
    path: `/t/private/${id}.key`,
    file: `private/${id}.key`,
    layout: 'current',
    format: 'pkcs8-encrypted',
    encrypted: true,
    status: 'ok',
    ...over,
  };
}
