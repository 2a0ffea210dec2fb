import { VaultError } from '../errors';

/** Docker Hub as docker names it in references and GUNs, and the host its API is really served from. */
export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API = 'registry-1.docker.io';

/** A parsed image reference, normalised as docker does (`alpine` is `docker.io/library/alpine:latest`). */
export interface ImageRef {
  /** `host[:port]` as written in GUNs: `docker.io` for Docker Hub. */
  registry: string;
  /** The repository path inside the registry: `library/alpine`, `team/app`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` when the reference names a digest. */
  digest?: string;
  /** The notary GUN: `REGISTRY/REPO`. */
  gun: string;
  /** The reference without tag or digest, as docker prints the name: `docker.io/library/alpine`. */
  name: string;
}

// distribution/reference's grammar, without the parts docker never accepted in a name.
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

const bad = (ref: string, why: string) => new VaultError('INVALID_ARGUMENT', `not an image reference: ${JSON.stringify(ref)} (${why})`);

/**
 * Parses `[REGISTRY/]REPO[:TAG][@sha256:HEX]` as docker does: the first component is a registry when it has a `.`
 * or a `:` or is `localhost`; otherwise the image is on Docker Hub, where one-component names get `library/`.
 */
export function parseImageRef(ref: string): ImageRef {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 512) throw bad(String(ref), 'empty or longer than 512 characters');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(ref, 'a digest is sha256: and 64 lower-case hex characters');
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(ref, `the tag ${JSON.stringify(tag)} has characters a tag cannot have`);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!HOST.test(first)) throw bad(ref, `${JSON.stringify(first)} is not a registry host`);
    registry = first;
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) throw bad(ref, 'repository names are lower-case letters, digits and separators . _ __ -');
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (`${registry}/${repository}`.length > 255) throw bad(ref, 'the name is longer than 255 characters');
  const name = `${registry}/${repository}`;
  return { registry, repository, name, gun: name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The host the registry API is reached on: Docker Hub's API lives at registry-1.docker.io. */
export const apiHost = (registry: string): string => (registry === DOCKER_HUB ? DOCKER_HUB_API : registry);
