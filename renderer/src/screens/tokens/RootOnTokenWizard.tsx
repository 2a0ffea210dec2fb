import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TokenRootCreated, TokenRootWay } from '../../../../shared/dto/tokens';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { ChooseWayStep } from './ChooseWayStep';
import { NoBackupStep } from './NoBackupStep';
import { RootOnTokenDone } from './RootOnTokenDone';
import { tokenName } from './token-text';

type Step = 'way' | 'passphrase' | 'no-backup' | 'done';

/**
 * A root key on a token, one decision per step: which way (notary's import with a backup file, or made on the token
 * with no backup possible), then the passphrase of the backup file or the no-backup confirmation, then where the
 * key lives now. The passphrase stays in the passphrase step's state and goes to main once.
 */
export function RootOnTokenWizard({ tokenId, onClose }: { tokenId: string; onClose: () => void }) {
  const { token, trustDir, generate } = useStore(
    useShallow((s) => ({
      token: s.tokens.find((t) => t.id === tokenId) ?? null,
      trustDir: s.trustDirs.find((d) => d.selected) ?? null,
      generate: s.generateRootOnToken,
    })),
  );
  const [step, setStep] = useState<Step>('way');
  const [way, setWay] = useState<TokenRootWay>('import');
  const [error, setError] = useState<UiError | null>(null);
  const [result, setResult] = useState<TokenRootCreated | null>(null);
  // The token's name is kept for the done page, which stays readable if the token is pulled out afterwards.
  const [name] = useState(() => (token ? tokenName(token) : 'the token'));

  const run = async (chosen: TokenRootWay, passphrase: string | null) => {
    setError(null);
    const r = await generate(tokenId, chosen, passphrase);
    if (!r.ok) {
      setError(r.error);
      setStep('way');
      return;
    }
    setResult(r.value);
    setStep('done');
    // The backup key file notary's way writes into the trust folder is encrypted with the passphrase: the vault can keep it.
    return r.value.backupFile ? [r.value.id] : [];
  };

  const title = token ? `Root key on ${token.label}` : 'Root key on a token';

  return (
    <Modal title={title} description={`A new root key held by ${name}.`} onClose={onClose} testId="token-root-wizard" wide>
      {!trustDir && step !== 'done' ? (
        <p className="callout callout-warn">Choose a trust folder first: the root key is listed in it, and notary’s backup file is written there.</p>
      ) : !token && step !== 'done' ? (
        <p className="callout callout-warn" role="alert">
          The token is not connected any more. Plug it in again and start over.
        </p>
      ) : (
        <>
          {step === 'way' && (
            <ChooseWayStep
              way={way}
              onWay={setWay}
              onCancel={onClose}
              onNext={() => setStep(way === 'import' ? 'passphrase' : 'no-backup')}
            >
              {error && (
                <>
                  <ErrorNote error={error} testId="token-root-error" />
                  {way === 'import' && <p className="field-hint">For safety the passphrase was not kept: you will choose it again.</p>}
                </>
              )}
            </ChooseWayStep>
          )}
          {step === 'passphrase' && (
            <PassphraseStep
              purpose="token-root"
              submitLabel="Create the key on the token"
              stepsBefore={1}
              stepsAfter={1}
              onBack={() => setStep('way')}
              onSubmit={(value) => run('import', value)}
              vaultSave={{ trustDirId: trustDir?.id ?? null }}
            />
          )}
          {step === 'no-backup' && <NoBackupStep tokenName={name} onBack={() => setStep('way')} onCreate={async () => void (await run('on-device', null))} />}
          {step === 'done' && result && (
            <RootOnTokenDone result={result} trustDirPath={trustDir?.path ?? null} tokenName={name} onClose={onClose} />
          )}
        </>
      )}
    </Modal>
  );
}
