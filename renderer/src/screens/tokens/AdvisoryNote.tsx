import { useState } from 'react';
import type { TokenAdvisory } from '../../../../shared/dto/tokens';
import { copyText } from '../../components/copy-text';
import { Icon } from '../../components/Icon';

/**
 * A firmware advisory: its title and its address as text to copy. The app never opens web pages (navigation is
 * denied), so the address is shown, not linked.
 */
export function AdvisoryNote({ advisory: a }: { advisory: TokenAdvisory }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const ok = await copyText(a.url);
    setCopied(ok);
    if (ok) setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div className="callout callout-warn advisory" data-testid="token-advisory" data-advisory-id={a.id}>
      <strong>Security advisory {a.id}.</strong> {a.title}
      <div className="advisory-url">
        <span className="muted">Read it at</span> <code className="mono break">{a.url}</code>
        <button type="button" className="button button-ghost button-small" onClick={() => void copy()} aria-label={`Copy the address of ${a.id}`}>
          <Icon name="copy" /> {copied ? 'Copied' : 'Copy address'}
        </button>
      </div>
    </div>
  );
}
