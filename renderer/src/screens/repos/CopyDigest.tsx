import { useState } from 'react';
import { copyText } from '../../components/copy-text';
import { Icon } from '../../components/Icon';

/** A digest shown short, with its full value as title and a button that copies it whole. */
export function CopyDigest({ digest, tag }: { digest: string; tag: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="digest">
      <code className="digest-short" title={`sha256:${digest}`} data-testid="tag-digest" data-digest={digest}>
        sha256:{digest.slice(0, 12)}…
      </code>
      <button
        type="button"
        className="icon-button"
        aria-label={`Copy digest of ${tag}`}
        title="Copy the full digest"
        onClick={() =>
          void copyText(`sha256:${digest}`).then((ok) => {
            setCopied(ok);
            if (ok) setTimeout(() => setCopied(false), 1500);
          })
        }
      >
        <Icon name="copy" size={14} />
      </button>
      {copied && (
        <span className="copied" role="status">
          Copied
        </span>
      )}
    </span>
  );
}
