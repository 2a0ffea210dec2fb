import type { Inventory } from './inventory';
import type { TargetTool } from './sign-script';

/**
 * The texts a kit carries for people: NOTICE.md for consumers (how to check the move and verify with the new tool)
 * and CHECKLIST.md for the publisher (what remains to do outside the vault).
 */

export interface NoticeFacts {
  tool: TargetTool;
  inv: Inventory;
  inventorySha256: string;
  newPublicKeySha256: string;
  notationName: string;
  subject: string | null;
  /** Why notary's own root certificate would not pass Notation's rules, when there is one. */
  notaryCertProblems: string[];
  server: string;
}

export function consumerNotice(f: NoticeFacts): string {
  const example = f.inv.tags[0] ? `${f.inv.image}@${f.inv.tags[0].digest}` : `${f.inv.image}@sha256:<digest>`;
  const verifyTool = f.tool === 'cosign'
    ? [
        '## Verify images with cosign',
        '',
        'Save `cosign.pub` from this kit, then verify each image by digest:',
        '',
        '```sh',
        `cosign verify --key cosign.pub ${example}`,
        '```',
        '',
        'For images signed without the public transparency log, add `--insecure-ignore-tlog=true`.',
      ]
    : [
        '## Verify images with Notation',
        '',
        `Add the certificate to a trust store named \`${f.notationName}\` and import the trust policy:`,
        '',
        '```sh',
        `notation cert add --type ca --store ${f.notationName} ${f.notationName}.crt`,
        'notation policy import trustpolicy.json',
        `notation verify ${example}`,
        '```',
        '',
        `The trust store then holds \`{notation config}/truststore/x509/ca/${f.notationName}/${f.notationName}.crt\`, and the`,
        `policy trusts only \`x509.subject: ${f.subject ?? ''}\` for \`${f.inv.image}\`.`,
      ];
  return [
    `# ${f.inv.repository} leaves Docker Content Trust for ${f.tool === 'cosign' ? 'Sigstore cosign' : 'Notation'}`,
    '',
    `Docker Content Trust (notary) is being retired. The images of \`${f.inv.repository}\` are now signed with`,
    `${f.tool === 'cosign' ? 'cosign' : 'Notation'}. Every tag content trust trusted on ${f.inv.verifiedAt.slice(0, 10)} (${f.inv.tags.length} tags) is signed`,
    'again by the exact digest content trust vouched for.',
    '',
    '## Check that the move is genuine',
    '',
    '`transition-statement.json` is signed by the repository\'s current content-trust targets key. If you have',
    'pulled this repository with content trust before, your machine has its root pinned, and Trust Vault checks the',
    'statement against it:',
    '',
    '```sh',
    `trust-vault migrate verify-statement transition-statement.json --server ${f.server}`,
    '```',
    '',
    `It must say valid, name \`${f.inv.repository}\`, and show this new public key SHA-256 (of its DER form):`,
    '',
    `    ${f.newPublicKeySha256}`,
    '',
    `and the inventory SHA-256 \`${f.inventorySha256}\` (of the canonical JSON of \`inventory.json\`).`,
    '',
    ...verifyTool,
    '',
  ].join('\n');
}

export function publisherChecklist(f: NoticeFacts, newKey: boolean): string {
  const why = f.notaryCertProblems.length
    ? ['', `A new certificate was made because Notation refuses notary's own root certificate: ${f.notaryCertProblems.join('; ')}.`]
    : [];
  const steps = f.tool === 'cosign'
    ? [
        `- [ ] Back up \`cosign.key\` and its passphrase (two places, like the content-trust keys)${newKey ? ': it is a new key that exists only in this kit' : ''}.`,
        '- [ ] Review `sign-with-cosign.sh` line by line, then run it from this folder, logged in to the registry.',
        '- [ ] Publish `cosign.pub`, `transition-statement.json` and `NOTICE.md` where consumers look (release notes, README).',
      ]
    : [
        `- [ ] Copy \`${f.notationName}.key\` (unencrypted, as Notation keeps local keys: keep it 0600, or move to a KMS plugin) and \`${f.notationName}.crt\` to notation's \`localkeys\` folder, and merge \`signingkeys.json\` into notation's.`,
        '- [ ] Review `sign-with-notation.sh` line by line, then run it, logged in to the registry.',
        `- [ ] Publish \`${f.notationName}.crt\`, \`trustpolicy.json\`, \`transition-statement.json\` and \`NOTICE.md\` for consumers.`,
        '- [ ] Renew the certificate before it expires; Notation refuses an expired one.',
      ];
  return [
    `# Leaving content trust: what remains for ${f.inv.repository}`,
    ...why,
    '',
    ...steps,
    '- [ ] Ask consumers to switch verification to the new tool (NOTICE.md), then stop pushing with content trust.',
    '- [ ] Keep the content-trust keys and a trust-data backup until every consumer has switched.',
    '',
  ].join('\n');
}
