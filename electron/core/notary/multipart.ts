import { randomBytes } from 'node:crypto';
import { VaultError } from '../errors';

/** One metadata file to publish: the role it is for (`root`, `targets`, `targets/releases`...) and its exact bytes. */
export interface PublishFile {
  role: string;
  bytes: Buffer;
}

export interface MultipartBody {
  contentType: string;
  boundary: string;
  body: Buffer;
}

/**
 * Role names notary accepts: the four base roles and delegations `targets/<name>[/<name>...]` of notary's
 * delegation alphabet (lower-case letters, digits, `-`, `_`). Nothing here needs quoting in a header.
 */
const ROLE = /^(root|targets|snapshot|timestamp|targets(\/[a-z0-9_-]+)+)$/;

export function isPublishableRole(role: string): boolean {
  return role.length <= 255 && ROLE.test(role);
}

/**
 * The `multipart/form-data` body notary's client sends to `POST /v2/<gun>/_trust/tuf/` (Go's
 * `multipart.Writer.CreateFormFile("files", role)`): one part per role, `name="files"`, `filename="<role>"`,
 * `Content-Type: application/octet-stream`, the file's bytes untouched. The boundary is random and checked to occur
 * in no body, so no body can end a part early whatever bytes it holds.
 */
export function encodeMultipart(files: readonly PublishFile[], boundary?: string): MultipartBody {
  if (files.length === 0) throw new VaultError('INVALID_ARGUMENT', 'nothing to publish: no metadata files were given');
  const seen = new Set<string>();
  for (const f of files) {
    if (typeof f.role !== 'string' || !isPublishableRole(f.role)) throw new VaultError('INVALID_ARGUMENT', `not a role notary can publish: ${JSON.stringify(f.role)}`);
    if (seen.has(f.role)) throw new VaultError('INVALID_ARGUMENT', `${f.role} is given twice`);
    seen.add(f.role);
    if (!Buffer.isBuffer(f.bytes) || f.bytes.length === 0) throw new VaultError('INVALID_ARGUMENT', `the ${f.role} file is empty`);
  }
  const fits = (b: string) => !files.some((f) => f.bytes.includes(b, 0, 'latin1'));
  if (boundary !== undefined) {
    // RFC 2046 boundary characters, without the space and the ones that would need quoting in the header.
    if (!/^[0-9A-Za-z'()+_,.\-/:=?]{1,70}$/.test(boundary)) throw new VaultError('INVALID_ARGUMENT', `not a usable multipart boundary: ${JSON.stringify(boundary)}`);
    if (!fits(boundary)) throw new VaultError('INVALID_ARGUMENT', 'the multipart boundary occurs in a file being published');
  } else {
    // 60 random hex digits, as Go's writer makes them: a collision is practically impossible, but it is checked anyway.
    do boundary = randomBytes(30).toString('hex');
    while (!fits(boundary));
  }
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.role}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        'latin1',
      ),
      f.bytes,
      Buffer.from('\r\n', 'latin1'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { contentType: `multipart/form-data; boundary=${boundary}`, boundary, body: Buffer.concat(chunks) };
}
