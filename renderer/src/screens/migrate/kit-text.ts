import type { MigrationTool } from '../../../../shared/dto/migrate';

/** Words of the "Leave content trust" wizard that more than one step uses. */
export const TOOL_NAME: Record<MigrationTool, string> = { cosign: 'Sigstore cosign', notation: 'Notation' };

/** What remains outside the vault once the kit is written, per tool (also in the kit's CHECKLIST.md). */
export function remainingSteps(tool: MigrationTool, newKey: boolean): string[] {
  const common = [
    'Ask consumers to switch to the new tool: publish NOTICE.md and transition-statement.json where they look.',
    'Keep the content-trust keys and a backup of the trust data until every consumer has switched.',
  ];
  if (tool === 'cosign') {
    return [
      `Back up cosign.key and its passphrase in two places${newKey ? ': it is a new key that exists only in the kit' : ''}.`,
      'Review sign-with-cosign.sh line by line, then run it from the kit folder, logged in to the registry.',
      'Publish cosign.pub.',
      ...common,
    ];
  }
  return [
    'Copy the key and certificate into notation’s localkeys folder and merge signingkeys.json into notation’s.',
    'Review sign-with-notation.sh line by line, then run it, logged in to the registry.',
    'Publish the certificate and trustpolicy.json; renew the certificate before it expires.',
    ...common,
  ];
}
