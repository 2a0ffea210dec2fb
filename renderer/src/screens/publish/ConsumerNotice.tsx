import { useState } from 'react';
import { consumerNotice, type RootLoss } from '../../../../shared/dto/recovery';
import { copyText } from '../../components/copy-text';
import { Icon } from '../../components/Icon';

/**
 * The notice for every consumer after a new root: the new root key ID, the warning they see until they forget the
 * old root, and how to forget it. Copyable as a whole (it holds no secret).
 */
export function ConsumerNotice({ gun, newRootKeyId, server, rootLoss }: { gun: string; newRootKeyId: string; server: string; rootLoss: RootLoss | null }) {
  const [copied, setCopied] = useState(false);
  const text = consumerNotice(gun, newRootKeyId, server);
  const copy = async (value: string) => {
    const ok = await copyText(value);
    setCopied(ok);
  };
  return (
    <div className="consumer-notice" data-testid="consumer-notice">
      <p>
        New root key ID:{' '}
        <code className="break" data-testid="new-root-key-id">
          {newRootKeyId}
        </code>
      </p>
      <div className="callout callout-warn" data-testid="consumer-warning">
        <strong>Until they forget the old root, consumers see:</strong>
        <ul role="list" className="consumer-errors">
          {(rootLoss?.consumerErrors ?? [text.split('\n').find((l) => l.includes('Warning:'))?.trim() ?? '']).map((e) => (
            <li key={e}>
              <code className="break">{e}</code>
            </li>
          ))}
        </ul>
        Consumers using Trust Vault forget it with “Forget this repository’s trust data” on the repository’s page (Repositories screen); the old data is
        kept and can be restored.
      </div>
      <pre className="notice-text" data-testid="consumer-notice-text" tabIndex={0}>
        {text}
      </pre>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => void copy(text)}>
          <Icon name="copy" size={14} /> Copy the notice
        </button>
        <button type="button" className="button button-ghost" onClick={() => void copy(newRootKeyId)}>
          Copy the new root key ID
        </button>
        {copied && (
          <span className="copied" role="status">
            Copied
          </span>
        )}
      </div>
    </div>
  );
}
