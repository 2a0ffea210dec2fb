/** Every manifest type the vault can sign, asked for in `Accept`: distribution answers 404 for a type not asked for. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export const ACCEPT_MANIFESTS = MANIFEST_TYPES.join(', ');

/**
 * Checks the bytes are a schema-2 manifest or index of a type we asked for. Schema 1 is refused: its digest is not
 * the hash of the bytes served (the signatures are cut out first), and docker never content-trust-signed it since 2017.
 */
export function manifestProblem(body: Buffer, contentType: string | undefined): string | null {
  const type = (contentType ?? '').split(';')[0]!.trim();
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the manifest is not JSON';
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'the manifest is not a JSON object';
  const o = doc as { schemaVersion?: unknown; mediaType?: unknown };
  if (o.schemaVersion !== 2) return `a schema ${String(o.schemaVersion)} manifest (${type || 'no type'}); only schema 2 / OCI manifests can be signed`;
  const declared = typeof o.mediaType === 'string' ? o.mediaType : type;
  if (!(MANIFEST_TYPES as readonly string[]).includes(declared)) return `a manifest of type ${JSON.stringify(declared)}, not one of ${MANIFEST_TYPES.join(', ')}`;
  return null;
}
