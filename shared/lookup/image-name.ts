/**
 * An image name as docker normalises it into the GUN notary uses (NOTARY.md section 8): `alpine` ->
 * `docker.io/library/alpine`, `ana/app` -> `docker.io/ana/app`, `registry:5000/app` kept. A tag or digest after the
 * name is dropped (trust data is per repository). Pure: the renderer shows the normalised name as it is typed.
 */

export interface NormalisedName {
  gun: string;
  /** `docker.io`, `registry.example.com:5000`, ... */
  registry: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/** Throws an Error naming what is wrong. */
export function normaliseImageName(input: string): NormalisedName {
  let name = input.trim();
  if (name === '') throw new Error('give an image name, e.g. alpine or registry.example.com/team/app');
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) name = name.slice(0, colon); // a tag
  const parts = name.split('/');
  let registry = 'docker.io';
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    registry = first;
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (!HOST.test(registry)) throw new Error(`${JSON.stringify(registry)} is not a registry host name`);
  if (parts.length === 0) throw new Error(`${JSON.stringify(input)} names a registry but no repository`);
  for (const p of parts)
    if (!COMPONENT.test(p)) throw new Error(`${JSON.stringify(p)} in ${JSON.stringify(input)} is not a repository name part (lowercase letters, digits, . _ -)`);
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  const gun = `${registry}/${parts.join('/')}`;
  if (gun.length > 255) throw new Error('the repository name is longer than 255 characters');
  return { gun, registry };
}

/** The registry part of a GUN (everything before the first slash). */
export const registryOfGun = (gun: string): string => gun.split('/')[0] ?? gun;
