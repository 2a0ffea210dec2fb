import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { vault } from '../../api';
import { Badge } from '../../components/Badge';
import { copyText } from '../../components/copy-text';
import { Icon } from '../../components/Icon';
import { explain } from '../../errors/explain';
import { selectedTrustDirId, useStore } from '../../store';
import { GROUPS, groupOf } from './key-groups';
import { KeyBadges, RoleBadge } from './KeyBadges';
import { algorithmLabel, FORMAT_LABELS, isKeyId, locationLabel } from './key-text';

/** Everything known about the selected key, and what can be done with it. */
export function KeyDetail({ info }: { info: KeyInfo }) {
  const { trustDirId, openDialog, notify } = useStore(
    useShallow((s) => ({ trustDirId: selectedTrustDirId(s), openDialog: s.openDialog, notify: s.notify })),
  );
  const [copied, setCopied] = useState(false);
  const [exporting, setExporting] = useState<'bundle' | 'public' | null>(null);
  const group = groupOf(info);
  const usable = info.status === 'ok' && isKeyId(info.id);

  const copyId = async () => {
    const ok = await copyText(info.id);
    setCopied(ok);
    if (ok) setTimeout(() => setCopied(false), 2000);
    else notify({ tone: 'error', title: 'Could not copy the key ID', detail: 'Select the ID and copy it with the keyboard.' });
  };

  const exportKey = async (kind: 'bundle' | 'public') => {
    if (!trustDirId) return;
    // The public key of an encrypted key is inside the encrypted file: ask for its passphrase first.
    if (kind === 'public' && info.encrypted) {
      openDialog({ type: 'exportPublic', keyId: info.id });
      return;
    }
    setExporting(kind);
    try {
      const r = await vault.keys.export({ trustDirId, ids: [info.id], kind });
      if (!r.ok) {
        if (r.code !== 'CANCELLED') notify({ tone: 'error', title: explain(r.code).title, detail: r.message });
      } else if (r.value) {
        notify({
          tone: 'success',
          title: kind === 'bundle' ? 'Key bundle exported' : 'Public key exported',
          detail: r.value.path,
        });
      }
    } finally {
      setExporting(null);
    }
  };

  return (
    <section className="detail" aria-labelledby="detail-title" data-testid="key-detail" data-key-id={info.id}>
      <header className="detail-header">
        <p className="detail-kicker">{GROUPS[group].title}</p>
        <h2 id="detail-title" className="detail-title">
          {info.role ?? 'Unreadable key file'}
          {info.gun && <span className="detail-gun"> · {info.gun}</span>}
        </h2>
        <div className="badge-row">
          {info.status === 'broken' ? <Badge tone="broken">broken</Badge> : <RoleBadge info={info} />}
          <KeyBadges info={info} />
        </div>
      </header>

      {info.status === 'broken' && (
        <div className="callout callout-error" data-testid="key-problem">
          <strong>This file is not a usable key.</strong> {info.problem?.reason ?? 'It could not be read.'}
          {info.problem && <div className="callout-detail">Problem code: {info.problem.code}</div>}
        </div>
      )}

      <div className="detail-id">
        <span className="field-label" id="detail-id-label">
          {isKeyId(info.id) ? 'Key ID' : 'File name'}
        </span>
        <code className="key-id-full" aria-labelledby="detail-id-label" data-testid="key-id">
          {info.id}
        </code>
        <button type="button" className="button button-ghost button-small" onClick={() => void copyId()}>
          <Icon name="copy" /> {copied ? 'Copied' : isKeyId(info.id) ? 'Copy ID' : 'Copy name'}
        </button>
      </div>

      <dl className="detail-facts">
        <dt>Role</dt>
        <dd>{info.role ?? '—'}</dd>
        <dt>GUN</dt>
        <dd>{info.gun ?? '—'}</dd>
        <dt>Algorithm</dt>
        <dd>{info.algorithm ? algorithmLabel(info) : '—'}</dd>
        <dt>Location</dt>
        <dd>{locationLabel(info)}</dd>
        <dt>Encrypted</dt>
        <dd>{info.status === 'broken' ? '—' : info.encrypted ? 'Yes, with its passphrase' : 'No: anyone who can read the file can use it'}</dd>
        <dt>File</dt>
        <dd className="mono break" title={info.path}>
          {info.path}
        </dd>
        <dt>Format</dt>
        <dd>{FORMAT_LABELS[info.format]}</dd>
        <dt>Layout</dt>
        <dd>{info.layout === 'legacy' ? 'Legacy (pre-0.4: root_keys/, tuf_keys/), read as it is' : 'Current'}</dd>
      </dl>

      {usable && (
        <div className="detail-actions">
          <h3 className="detail-subtitle">Actions</h3>
          <div className="action">
            <button
              type="button"
              className="button button-secondary"
              disabled={exporting !== null}
              onClick={() => void exportKey('bundle')}
            >
              {exporting === 'bundle' ? 'Exporting…' : 'Export bundle…'}
            </button>
            <p className="action-why">
              An encrypted file that <code>notary key import</code> accepts: the safe way to move or back up this key.
            </p>
          </div>
          <div className="action">
            <button
              type="button"
              className="button button-secondary"
              disabled={exporting !== null}
              onClick={() => void exportKey('public')}
            >
              {exporting === 'public' ? 'Exporting…' : 'Export public key…'}
            </button>
            <p className="action-why">The public half as PEM, safe to share, e.g. to add this signer to a repository.</p>
          </div>
          {info.location === 'file' && (
            <div className="action">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => openDialog({ type: 'changePassphrase', keyId: info.id })}
              >
                Change passphrase…
              </button>
              <p className="action-why">Re-encrypts the file with a new passphrase; the key and its ID stay the same.</p>
            </div>
          )}
          <div className="action action-danger">
            <button type="button" className="button button-danger-outline" onClick={() => openDialog({ type: 'remove', keyId: info.id })}>
              Remove key…
            </button>
            <p className="action-why">Shows what would be lost first, and asks you to confirm.</p>
          </div>
        </div>
      )}
    </section>
  );
}
