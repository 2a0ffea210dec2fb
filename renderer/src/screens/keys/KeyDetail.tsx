import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { vault } from '../../api';
import { Badge } from '../../components/Badge';
import { copyText } from '../../components/copy-text';
import { Icon } from '../../components/Icon';
import { explain } from '../../errors/explain';
import { selectedTrustDirId, useStore } from '../../store';
import { copiesOf, GROUPS, groupOf, rowKeyOf } from './key-groups';
import { KeyBadges, RoleBadge, TokenBadge } from './KeyBadges';
import { algorithmLabel, FORMAT_LABELS, isKeyId, locationLabel } from './key-text';
import type { BackupSummary } from './key-backup';
import { BackUpNowButton } from './BackUpNowButton';
import { WeakEncryptionNote } from './WeakEncryptionNote';
import { formatDateTime } from '../../components/datetime';

/** Where each copy of a key lives, in words. */
function copyPlace(k: KeyInfo): string {
  if (k.location === 'token') return k.token ? `${k.token.label}, serial ${k.token.serial}` : 'A hardware token';
  return k.path;
}

/** Everything known about the selected key (every copy of its ID: the file and token copies), and what can be done with it. */
export function KeyDetail({ info, backup }: { info: KeyInfo; backup: BackupSummary }) {
  const { trustDirId, openDialog, notify, keys, showScreen, vaultUnlocked } = useStore(
    useShallow((s) => ({
      trustDirId: selectedTrustDirId(s),
      openDialog: s.openDialog,
      notify: s.notify,
      keys: s.keys,
      showScreen: s.showScreen,
      vaultUnlocked: s.vaultStatus?.unlocked ?? false,
    })),
  );
  const [copied, setCopied] = useState(false);
  const [exporting, setExporting] = useState<'bundle' | 'public' | null>(null);
  const copies = useMemo(() => {
    const found = copiesOf(keys, info.id);
    return found.length > 0 ? found : [info];
  }, [keys, info]);
  // File-only actions (export, change passphrase, remove) act on the file copy; a token copy has no file.
  const fileCopy = copies.find((k) => k.location === 'file') ?? null;
  const tokenCopies = copies.filter((k) => k.location === 'token');
  const vaultCopy = copies.find((k) => k.location === 'vault') ?? null;
  const main = fileCopy ?? info;
  const group = groupOf(info);
  const usable = info.status === 'ok' && isKeyId(info.id);
  const locationText =
    fileCopy && tokenCopies.length > 0
      ? `File and hardware token${tokenCopies.length > 1 ? 's' : ''}`
      : tokenCopies.length > 1
        ? 'Hardware tokens'
        : locationLabel(main);

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
          <KeyBadges info={main} />
          {tokenCopies
            .filter((k) => k !== main)
            .map((k) => (
              <TokenBadge key={rowKeyOf(k)} info={k} />
            ))}
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

      {tokenCopies.length > 0 && (
        <div className="detail-copies">
          <h3 className="detail-subtitle">Where this key lives</h3>
          <ul className="copy-places" role="list" aria-label="Copies of this key" data-testid="key-copies">
            {copies.map((k) => (
              <li key={rowKeyOf(k)} className="copy-place" data-testid="key-copy" data-location={k.location}>
                <Badge tone={k.location === 'token' ? 'token' : 'neutral'}>{k.location === 'token' ? 'token' : 'file'}</Badge>
                <span className="copy-place-text">
                  <span className={k.location === 'file' ? 'mono break' : undefined}>{copyPlace(k)}</span>
                  <span className="muted">
                    {k.location === 'token'
                      ? 'guarded by the token’s PIN'
                      : k.status !== 'ok'
                        ? 'unreadable file'
                        : k.encrypted
                          ? 'encrypted with its passphrase'
                          : 'not encrypted'}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {usable && (
        <div
          className={backup.status === 'none' || backup.status === 'unverified' ? 'callout callout-warn detail-backup' : 'detail-backup'}
          data-testid="key-detail-backup"
          data-backup={backup.status}
        >
          <h3 className="detail-subtitle">Backup</h3>
          <p>
            {backup.status === 'none' ? (
              <strong>This key has no backup.</strong>
            ) : backup.status === 'unverified' ? (
              <strong>No backup of this key was ever checked.</strong>
            ) : null}{' '}
            {backup.detail}
          </p>
          {(backup.status === 'none' || backup.status === 'unverified') && <BackUpNowButton primary={false} />}
        </div>
      )}

      <dl className="detail-facts">
        <dt>Role</dt>
        <dd>{info.role ?? '—'}</dd>
        <dt>GUN</dt>
        <dd>{info.gun ?? '—'}</dd>
        <dt>Algorithm</dt>
        <dd>{info.algorithm ? algorithmLabel(info) : '—'}</dd>
        <dt>Location</dt>
        <dd>{locationText}</dd>
        {main.writtenAt && (
          <>
            <dt>File written</dt>
            <dd>{formatDateTime(main.writtenAt)}</dd>
          </>
        )}
        {fileCopy && (
          <>
            <dt>Encrypted</dt>
            <dd>
              {fileCopy.status === 'broken' ? '—' : fileCopy.encrypted ? 'Yes, with its passphrase' : 'No: anyone who can read the file can use it'}
            </dd>
            <dt>File</dt>
            <dd className="mono break" title={fileCopy.path}>
              {fileCopy.path}
            </dd>
            <dt>Format</dt>
            <dd>{FORMAT_LABELS[fileCopy.format]}</dd>
            <dt>Layout</dt>
            <dd>{fileCopy.layout === 'legacy' ? 'Legacy (pre-0.4: root_keys/, tuf_keys/), read as it is' : 'Current'}</dd>
          </>
        )}
      </dl>

      {usable && vaultCopy && (
        <div className="detail-actions" data-testid="vault-key-actions">
          <h3 className="detail-subtitle">Offline, in the vault</h3>
          <p className="action-why">
            {vaultCopy.onlineUntil
              ? 'The key file is back in the trust folder for a while; the vault removes it again when the time is up.'
              : 'The key file is not in the trust folder: notary cannot sign with it until you bring it online.'}
          </p>
          {!vaultUnlocked && (
            <p className="action-why" data-testid="vault-unlock-hint">
              Unlock the vault first.{' '}
              <button type="button" className="button button-ghost button-small" onClick={() => showScreen('vault')}>
                Open the Vault screen
              </button>
            </p>
          )}
          <div className="action">
            <button
              type="button"
              className="button button-secondary"
              disabled={!vaultUnlocked}
              onClick={() => openDialog({ type: 'bringOnline', keyId: info.id })}
            >
              Bring online…
            </button>
            <p className="action-why">Writes the file back, exactly as notary wrote it, for 5 minutes, 15 minutes or an hour.</p>
          </div>
        </div>
      )}

      {usable && !fileCopy && !vaultCopy && (
        <div className="callout" data-testid="token-only-note">
          <strong>This key lives only on a token.</strong> There is no file to export, re-encrypt or remove: the token keeps the key, and it
          never leaves it.{' '}
          <button type="button" className="button button-ghost button-small" onClick={() => showScreen('tokens')}>
            Open the Tokens screen
          </button>
        </div>
      )}

      {usable && fileCopy && (
        <div className="detail-actions">
          <h3 className="detail-subtitle">Actions</h3>
          {tokenCopies.length > 0 && (
            <p className="action-why" data-testid="file-copy-note">
              These act on the file copy ({fileCopy.file}); the copy on the token stays as it is.
            </p>
          )}
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
          {fileCopy.kind === 'root' && !vaultCopy && (
            <div className="action">
              <button
                type="button"
                className="button button-secondary"
                disabled={!vaultUnlocked}
                onClick={() => openDialog({ type: 'takeOffline', keyId: info.id })}
              >
                {fileCopy.onlineUntil ? 'Take offline now…' : 'Take offline…'}
              </button>
              <p className="action-why">
                {fileCopy.onlineUntil
                  ? 'It is online for a limited time; this puts it back into the vault before the time is up.'
                  : 'Moves the file into the vault, so a copied trust folder no longer holds it; bring it online when you need to sign.'}
                {!vaultUnlocked && (
                  <>
                    {' '}
                    <span data-testid="vault-unlock-hint">Unlock the vault first:</span>{' '}
                    <button type="button" className="button button-ghost button-small" onClick={() => showScreen('vault')}>
                      Open the Vault screen
                    </button>
                  </>
                )}
              </p>
            </div>
          )}
          <div className="action">
            <button type="button" className="button button-secondary" onClick={() => openDialog({ type: 'lostKey', keyId: info.id })}>
              Lost this key?
            </button>
            <p className="action-why">If the key is gone or may be in someone else’s hands: restore it from a backup, or replace it in its repositories.</p>
          </div>
          <div className="action action-danger">
            <button type="button" className="button button-danger-outline" onClick={() => openDialog({ type: 'remove', keyId: info.id })}>
              Remove key…
            </button>
            <p className="action-why">Shows what would be lost first, and asks you to confirm.</p>
          </div>
        </div>
      )}
      {usable && fileCopy && <WeakEncryptionNote compact />}
    </section>
  );
}
