import type { KeyListing } from '../dto/keys';
import { isKeyRowsListing, packKeyRows, unpackKeyRows } from './key-rows';

/**
 * How an answer travels between main and the page, where that is not the result object itself. The contract, the
 * handlers and the page's types are unchanged: main's side of the IPC (electron/ipc.ts, and the e2e harness's
 * binding) encodes the answer the dispatcher gave, and makeVaultApi (shared/vault-api.ts) decodes it before the page
 * sees it. One operation has a codec: keys.list, whose 10,000 objects are carried as packed rows (key-rows.ts).
 *
 * Both directions leave anything they do not recognise as it is: a failure, an answer of another shape (a test's
 * fake core), an answer already decoded.
 */

type Answer = { ok: true; value: unknown } | { ok: false; code: string; message: string };

interface Codec {
  encode(value: unknown): unknown;
  decode(value: unknown): unknown;
}

const isListing = (v: unknown): v is KeyListing =>
  typeof v === 'object' && v !== null && Array.isArray((v as KeyListing).keys) && typeof (v as KeyListing).trustDir === 'string';

const CODECS: Record<string, Codec> = {
  'vault:keys.list': {
    encode: (v) => (isListing(v) ? packKeyRows(v) : v),
    decode: (v) => (isKeyRowsListing(v) ? unpackKeyRows(v) : v),
  },
};

const isOk = (a: unknown): a is { ok: true; value: unknown } => typeof a === 'object' && a !== null && (a as Answer).ok === true;

/** Main's side: what goes on the wire for the dispatcher's answer on `channel`. */
export function encodeAnswer<A>(channel: string, answer: A): A {
  const codec = CODECS[channel];
  return codec && isOk(answer) ? ({ ...answer, value: codec.encode(answer.value) } as A) : answer;
}

/** The page's side (makeVaultApi): the answer as the contract types it. Null when `channel` has no codec. */
export function answerDecoder(channel: string): ((answer: unknown) => unknown) | null {
  const codec = CODECS[channel];
  if (!codec) return null;
  return (answer) => (isOk(answer) ? { ...answer, value: codec.decode(answer.value) } : answer);
}
