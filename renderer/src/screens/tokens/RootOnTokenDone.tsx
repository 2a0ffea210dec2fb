import { useEffect, useRef } from 'react';
import type { TokenRootCreated } from '../../../../shared/dto/tokens';
import { useStore } from '../../store';
import { SECOND_TOKEN_TEXT } from './NoBackupStep';

interface RootOnTokenDoneProps {
  result: TokenRootCreated;
  trustDirPath: string | null;
  tokenName: string;
  onClose: () => void;
}

const joinPath = (dir: string, file: string): string => `${dir.replace(/[\\/]+$/, '')}/${file}`;

/** The last page: where the key lives now, and the next safe step (a USB backup, or a second token). */
export function RootOnTokenDone({ result, trustDirPath, tokenName, onClose }: RootOnTokenDoneProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const showScreen = useStore((s) => s.showScreen);
  const showBackupsTab = useStore((s) => s.showBackupsTab);
  const selectKey = useStore((s) => s.selectKey);
  // Focus the outcome, not a button below it.
  useEffect(() => heading.current?.focus(), []);

  const backupPath = result.backupFile ? (trustDirPath ? joinPath(trustDirPath, result.backupFile) : result.backupFile) : null;

  const showKey = () => {
    onClose();
    selectKey(result.id);
    showScreen('keys');
  };
  const backUpNow = () => {
    onClose();
    showBackupsTab('create');
    showScreen('backups');
  };

  return (
    <div className="token-root-done" data-testid="token-root-done" data-way={result.way}>
      <p className="wizard-counter">{result.way === 'import' ? 'Step 5 of 5' : 'Step 3 of 3'}</p>
      <h3 className="wizard-title" ref={heading} tabIndex={-1}>
        Root key created on {tokenName}
      </h3>
      <div className="detail-id">
        <span className="field-label" id="token-root-id-label">
          Key ID
        </span>
        <code className="key-id-full" aria-labelledby="token-root-id-label" data-testid="token-root-id">
          {result.id}
        </code>
      </div>
      <p className="muted">
        ECDSA P-256, on the token under CKA_ID {result.ckaId}
        {result.way === 'import' ? ' with its self-signed certificate, as notary stores it.' : ', made there and never extractable.'}
      </p>

      {backupPath ? (
        <>
          <div className="callout callout-success" role="status">
            <strong>The key lives in two places:</strong> on the token, and as notary’s encrypted backup file
            <div className="mono break token-backup-path" data-testid="token-root-backup-file">
              {backupPath}
            </div>
          </div>
          <div className="callout callout-warn" data-testid="usb-backup-offer">
            <strong>That file is on this computer only.</strong> Copy it to two USB drives now, so losing this computer and the token together
            does not lose the root key.
          </div>
          <div className="wizard-actions">
            <button type="button" className="button button-secondary" onClick={showKey}>
              Show the key
            </button>
            <button type="button" className="button button-primary" onClick={backUpNow}>
              Back up to USB drives now
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="callout callout-warn" role="status" data-testid="no-backup-warning">
            <strong>No backup exists, and none is possible.</strong> This root key lives only on {tokenName}.
          </div>
          <div className="callout" data-testid="second-token-suggestion">
            <strong>Next:</strong> {SECOND_TOKEN_TEXT}
          </div>
          <div className="wizard-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>
              Done
            </button>
            <button type="button" className="button button-primary" onClick={showKey}>
              Show the key
            </button>
          </div>
        </>
      )}
    </div>
  );
}
