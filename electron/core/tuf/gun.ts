/**
 * A GUN is a relative path of plain segments (`docker.io/library/alpine`, `localhost:5000/app`); anything else
 * could make `tuf/<gun>` point outside the trust dir.
 */
export function isSafeGun(gun: string): boolean {
  return gun.length > 0 && gun.length <= 255 && !gun.startsWith('/') && !gun.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'));
}
