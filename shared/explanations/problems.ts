import type { StatusProblemCode } from '../dto/status';

/**
 * Every status problem explained twice, for the person pulling images (consumer) and for the person signing them
 * (publisher), with the exact text notary and docker print for the same failure, so a person who searches their
 * error message finds it here. `<gun>`, `<role>`, `<date>` and `<url>` stand for the values the tools fill in.
 * Sources: notary's tuf/signed/errors.go, tuf/data/errors.go, client/errors.go, trustpinning/; docker's
 * cli/trust/trust.go notaryError().
 */
export interface ProblemExplanation {
  /** A short plain-word title. */
  title: string;
  /** What it means for someone who pulls or runs the images, and what to do. */
  consumer: string;
  /** What it means for someone who signs and publishes, and what to do. */
  publisher: string;
  /** What the notary CLI prints for it (may be empty when notary has no text of its own). */
  notary: string[];
  /** What docker prints for it with DOCKER_CONTENT_TRUST=1. */
  docker: string[];
}

const THRESHOLD_DOCKER =
  'Warning: potential malicious behavior - trust data has insufficient signatures for remote repository <gun>: valid signatures did not meet threshold for <role>';
const MISMATCH_DOCKER = 'Warning: potential malicious behavior - trust data mismatch for remote repository <gun>: <detail>';

const CORE: Record<Exclude<StatusProblemCode, LiveServerProblemCode>, ProblemExplanation> = {
  MISSING_ROLE: {
    title: 'Part of the trust data is missing',
    consumer:
      'Your computer does not have all the files needed to check this repository, so nothing in it can be trusted yet. Pull again with content trust on (or run `notary list <gun>`) to fetch them; if it keeps failing, ask the publisher whether the repository was ever signed.',
    publisher:
      'A role file is missing from the local cache. If you never published, run `notary publish <gun>`. If you did, fetch again with `notary list <gun>`; if the server lacks the file too, publish again.',
    notary: ['<role>.json not found', 'notary.ErrRepositoryNotExist: repository does not exist'],
    docker: [
      'Error: trust data missing for remote repository <gun> or remote repository not found: <detail>',
      'Error: remote trust data does not exist for <gun>: <detail>',
    ],
  },
  MALFORMED: {
    title: 'The trust data is unreadable',
    consumer:
      'A trust file is damaged, cut off or not in the expected form. Do not use the images until it is fixed. Ask the publisher, or fetch the data again; a file that stays unreadable may have been tampered with.',
    publisher:
      'A metadata file in the cache is not valid TUF JSON (or is too large). Fetch a fresh copy with `notary list <gun>`. If the server serves the bad file, republish the role with `notary publish <gun>` and check the server\'s storage.',
    notary: ['json: cannot unmarshal', 'invalid character', 'tuf: invalid role'],
    docker: ['Error: no trust data available for remote repository <gun>. Try running notary server and setting DOCKER_CONTENT_TRUST_SERVER to its HTTPS address?'],
  },
  ROOT_NOT_TRUSTED: {
    title: 'The repository\'s root of trust does not check out',
    consumer:
      'The root file your computer pinned for this repository is not validly signed by the root keys it names, or it was replaced. This is what a tampered or hijacked repository looks like. Do not pull: ask the publisher, by another channel, whether they rotated their root key. Only if they did, forget the repository\'s trust data and fetch it again.',
    publisher:
      'Consumers cannot validate your root. If you lost the root key and made a new one, every consumer has to reset their pinned trust data by hand: tell them, and give them the new root key ID. If you did not change the root, someone else did: stop and investigate the server.',
    notary: ['could not validate the path to a trusted root', 'unable to find trust anchor for repository'],
    docker: [MISMATCH_DOCKER.replace('<detail>', 'could not validate the path to a trusted root'), 'Error: could not validate the path to a trusted root'],
  },
  THRESHOLD_NOT_MET: {
    title: 'Not enough valid signatures',
    consumer:
      'A trust file does not carry enough valid signatures from the keys allowed to sign it. The file was changed after it was signed, or signed by the wrong key: treat the repository as tampered with and do not pull until the publisher fixes it.',
    publisher:
      'The role is signed by fewer valid keys than its threshold asks for. If you did not change it, the file was altered: check the server. If you rotated a key or changed a threshold, sign again with enough of the listed keys (`notary publish <gun>`, or `notary witness <gun> <role>` followed by publish).',
    notary: ['valid signatures did not meet threshold for <role>', 'tuf: insufficient signatures: <role>'],
    docker: [THRESHOLD_DOCKER],
  },
  BAD_CERTIFICATE: {
    title: 'A key certificate is not acceptable',
    consumer:
      'One of the certificates that identify the repository\'s keys is expired, not yet valid, a certificate authority, or made out to another repository. The trust data cannot be relied on; ask the publisher to fix it.',
    publisher:
      'A root or delegation certificate is expired, not yet valid, has CA:TRUE or a common name other than the GUN. Rotate the key: `notary key rotate <gun> root` makes a fresh root certificate; replace a delegation certificate with `notary delegation add`.',
    notary: ['certificate with CN <gun> is expired', 'could not validate the path to a trusted root'],
    docker: [MISMATCH_DOCKER.replace('<detail>', 'could not validate the path to a trusted root')],
  },
  EXPIRED: {
    title: 'The trust data has expired',
    consumer:
      'The signed statement about which images are genuine is past its expiry date, so it may be stale: an attacker could be replaying old data. Pulls with content trust fail until the publisher re-signs. Ask the publisher to publish again.',
    publisher:
      'A role\'s metadata is past its expiry. Re-sign it: `notary publish <gun>` after any change re-signs targets and snapshot; the server re-signs a timestamp it manages. An expired root needs `notary key rotate <gun> root` or a re-sign with the root key.',
    notary: ['<role> expired at <date>', 'ErrExpired'],
    docker: ['Error: remote repository <gun> out-of-date: <role> expired at <date>'],
  },
  EXPIRING_SOON: {
    title: 'The trust data expires soon',
    consumer:
      'Everything checks out today, but a role expires within 90 days. After that, pulls with content trust will fail until the publisher re-signs. Nothing to do yet; you may let the publisher know.',
    publisher:
      'Re-sign the role before it expires: `notary publish <gun>` after a change, or `notary witness <gun> <role>` then `notary publish <gun>` to re-sign without changes. Plan the root rotation if it is the root that expires.',
    notary: [],
    docker: [],
  },
  LENGTH_MISMATCH: {
    title: 'A trust file has the wrong size',
    consumer:
      'A trust file is not the size the signed index says it is: it was cut off or changed. Treat the repository as tampered with until the publisher confirms otherwise.',
    publisher:
      'A role file does not match the length listed by snapshot or timestamp. Fetch again with `notary list <gun>`; if the server serves it, republish with `notary publish <gun>` and check the server\'s storage.',
    notary: ['trust server returned a bad response.', '<role> exceeds the maximum specified length'],
    docker: [],
  },
  HASH_MISMATCH: {
    title: 'A trust file was changed',
    consumer:
      'A trust file does not have the checksum the signed index lists for it: its content was altered. Do not pull until the publisher fixes it.',
    publisher:
      'A role file does not match the hash listed by snapshot or timestamp. Republish with `notary publish <gun>`, and find out how the file changed.',
    notary: ['sha256 checksum for <role> did not match: expected <hash>', 'tuf: checksum for <role> did not match'],
    docker: [],
  },
  WRONG_TYPE: {
    title: 'A trust file is of the wrong kind',
    consumer: 'A trust file claims to be another kind of file than its name says: a sign of a substituted file. Do not pull until the publisher fixes it.',
    publisher: 'The `_type` in a role file does not match its role. Republish with `notary publish <gun>` and check how the file got there.',
    notary: ['tuf: invalid role', 'metadata does not have the expected type'],
    docker: [],
  },
  DELEGATION_OUTSIDE_PATHS: {
    title: 'A signer signed a tag it may not sign',
    consumer:
      'A delegated signer signed a tag outside the tag names it was given. That tag is left out; the other tags are fine. Pulling that tag with content trust fails.',
    publisher:
      'A delegation signs a target outside its paths. Widen its paths (`notary delegation add <gun> <role> --paths <path>`) if that was intended, or remove the target from the delegation (`notary remove <gun> <tag> --roles <role>`).',
    notary: ['No trust data for <tag>', 'does not have trust data for <gun>:<tag>'],
    docker: ['No valid trust data for <tag>', 'Error: remote trust data does not exist for <gun>: <detail>'],
  },
  LOW_VERSION: {
    title: 'The server offers older trust data',
    consumer:
      'The server serves trust data older than what this computer already has: someone may be trying to roll you back to images that were since replaced (for example, ones with known flaws). Do not pull; tell the publisher.',
    publisher:
      'The server returns a lower version of a role than clients already cached. Check whether the server\'s storage was restored from an old backup or tampered with, then publish again so the version climbs above what clients hold.',
    notary: ['version <actual> is lower than current version <current>'],
    docker: ['Warning: potential malicious behavior - trust data version is lower than expected for remote repository <gun>: <detail>'],
  },
  FIRST_USE: {
    title: 'Trusted on first use',
    consumer:
      'This computer had no pinned root for the repository, so the server\'s root was accepted as it is, exactly as notary and docker do the first time. Nothing older vouches for it. If this is the first pull, compare the root key ID with one the publisher gives you by another channel.',
    publisher:
      'Consumers pin your root the first time they fetch. Publish your root key ID somewhere they can check it (README, website), so a first use can be verified.',
    notary: [],
    docker: [],
  },
};

/**
 * Codes the live-server check adds (a server that is down, slow, refuses TLS or credentials). Typed on their own
 * so this file compiles whether or not they are in STATUS_PROBLEMS yet; once they are, PROBLEM_EXPLANATIONS'
 * Record type makes each of them required.
 */
export const LIVE_SERVER_PROBLEM_CODES = [
  'SERVER_OFFLINE',
  'SERVER_TIMEOUT',
  'TLS_UNTRUSTED',
  'TLS_HOSTNAME',
  'TLS_EXPIRED',
  'TLS_NOT_SPOKEN',
  'UNAUTHORIZED',
  'SERVER_ERROR',
] as const;
export type LiveServerProblemCode = (typeof LIVE_SERVER_PROBLEM_CODES)[number];

const OFFLINE_TEXT = 'client is offline';
const OFFLINE_NOTE =
  'notary prints the same words for a server that is down and for a TLS failure; `notary -D` (debug) shows the real cause.';

const LIVE: Record<LiveServerProblemCode, ProblemExplanation> = {
  SERVER_OFFLINE: {
    title: 'The trust server cannot be reached',
    consumer: `Nothing could be checked against the server, so newer signatures are unknown. The cached data below is still checked. Check your network and the server address. ${OFFLINE_NOTE}`,
    publisher: 'The notary server does not answer at that address. Check that it runs, the URL (scheme and port) and any firewall or proxy between.',
    notary: [OFFLINE_TEXT, 'dial tcp <address>: connect: connection refused'],
    docker: ['Error: error contacting notary server: <detail>'],
  },
  SERVER_TIMEOUT: {
    title: 'The trust server is too slow',
    consumer: 'The server did not answer in time, so the live check was given up. Try again later; the cached data is still checked.',
    publisher: 'The notary server accepted the connection but did not answer in time. Check its load, its database and any proxy in between.',
    notary: [OFFLINE_TEXT, 'net/http: request canceled (Client.Timeout exceeded while awaiting headers)'],
    docker: ['Error: error contacting notary server: <detail>'],
  },
  TLS_UNTRUSTED: {
    title: 'The trust server\'s certificate is not trusted',
    consumer: `The server's TLS certificate is signed by an authority your computer does not know. This may be a private company CA (then add its CA file), or someone in between. Do not skip the check. ${OFFLINE_NOTE}`,
    publisher:
      'Clients reject the server certificate. Give them your CA certificate (notary: `trust_ca` / `--tlscacert`; docker: /etc/docker/certs.d/<host>/ca.crt), or use a certificate from a public CA.',
    notary: [OFFLINE_TEXT, 'x509: certificate signed by unknown authority'],
    docker: ['Error: error contacting notary server: x509: certificate signed by unknown authority'],
  },
  TLS_NOT_SPOKEN: {
    title: 'The trust server does not speak TLS',
    consumer: `The address starts with https://, but the server answered in plain HTTP: nothing was encrypted or checked. Check the address and the port. ${OFFLINE_NOTE}`,
    publisher: 'The server listens without TLS on this port. Give notary-server its certificate and key (tls_cert_file, tls_key_file), or point clients at the port that serves TLS.',
    notary: [OFFLINE_TEXT, 'tls: first record does not look like a TLS handshake'],
    docker: ['Error: error contacting notary server: tls: first record does not look like a TLS handshake'],
  },
  TLS_HOSTNAME: {
    title: 'The trust server\'s certificate is for another name',
    consumer: `The certificate the server presents does not name the address you used. Check the URL; if it is right, the server is misconfigured or someone is in between. ${OFFLINE_NOTE}`,
    publisher: 'The server certificate does not list the host name clients use. Reissue it with that name in its subjectAltName, or have clients use the name it lists.',
    notary: [OFFLINE_TEXT, 'x509: certificate is valid for <name>, not <host>'],
    docker: ['Error: error contacting notary server: x509: certificate is valid for <name>, not <host>'],
  },
  TLS_EXPIRED: {
    title: 'The trust server\'s certificate has expired',
    consumer: `The server's TLS certificate is expired (or not yet valid; check your computer's clock). Ask the server's operator to renew it. ${OFFLINE_NOTE}`,
    publisher: 'Renew the notary server\'s TLS certificate and restart the server.',
    notary: [OFFLINE_TEXT, 'x509: certificate has expired or is not yet valid'],
    docker: ['Error: error contacting notary server: x509: certificate has expired or is not yet valid'],
  },
  UNAUTHORIZED: {
    title: 'The trust server refused the credentials',
    consumer: 'The server wants a login (or a different one) to read this repository. Log in to the registry (`docker login <host>`) or check the user and token.',
    publisher: 'The server or its token service refused the request. Check the credentials and that the account may read (and, to publish, push to) the repository.',
    notary: ['you are not authorized to perform this operation: server returned 401.', 'unauthorized: authentication required'],
    docker: ['Error: error contacting notary server: unauthorized: authentication required'],
  },
  SERVER_ERROR: {
    title: 'The trust server failed',
    consumer: 'The server answered with an error of its own. Nothing is wrong with your computer; try later or tell the operator.',
    publisher: 'The notary server answered 5xx or an unusable reply. Check its logs, its database (notary-signer too, when it signs timestamps) and the proxy in front.',
    notary: ['trust server returned a bad response.', 'unable to reach trust server at this time: 500.'],
    docker: ['Error: error contacting notary server: <detail>'],
  },
};

/** Explanations keyed on every status code; a code without one fails typecheck. */
export const PROBLEM_EXPLANATIONS: Record<StatusProblemCode, ProblemExplanation> = { ...CORE, ...LIVE };

/** The explanation of a code, with `<gun>` and `<role>` filled in where given. */
export function explainProblem(code: string, fill: { gun?: string; role?: string } = {}): ProblemExplanation | null {
  const all = PROBLEM_EXPLANATIONS as Record<string, ProblemExplanation>;
  const e = Object.prototype.hasOwnProperty.call(all, code) ? all[code] : undefined;
  if (!e) return null;
  const f = (s: string) => s.replace(/<gun>/g, fill.gun || '<gun>').replace(/<role>/g, fill.role || '<role>');
  return { title: e.title, consumer: f(e.consumer), publisher: f(e.publisher), notary: e.notary.map(f), docker: e.docker.map(f) };
}
