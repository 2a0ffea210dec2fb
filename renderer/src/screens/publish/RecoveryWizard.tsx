import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RecoveryPlan, RecoveryStep } from '../../../../shared/dto/recovery';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { WizardStep } from '../../components/WizardStep';
import { useStore } from '../../store';
import type { RecoveryAway } from '../../store/types';
import { vaultChoiceState } from '../passphrase/vault-choice';
import { StepLinks } from '../recovery-entry/StepLinks';
import { returnPage, sameSteps, stepLinks, type StepLink } from '../recovery-entry/step-links';
import { ConsumerNotice } from './ConsumerNotice';
import { RecoveryFinalCheck } from './RecoveryFinalCheck';
import { RecoveryPlanView } from './RecoveryPlanView';
import { RecoveryStepView, type StepOutcome } from './RecoveryStepView';
import { stepKind } from './recovery-text';

/** The reason beside each page of the wizard. */
function Why({ plan, step, final }: { plan: RecoveryPlan | null; step: RecoveryStep | null; final: boolean }) {
  if (final) {
    return (
      <p>
        The repository is fetched from its server and checked against the root pinned here, as a consumer’s client checks it. Recovery is done when it says
        trusted.
      </p>
    );
  }
  if (!step) {
    return (
      <>
        <p>Loss of a repository key is recoverable: the root key vouches for a new one. Loss of the root key is not: nothing can vouch for a new root.</p>
        <p>Only keys you can reach count: a key file, a token, or a backup whose read-back was verified.</p>
      </>
    );
  }
  switch (stepKind(step)) {
    case 'rotate':
      return <p>Consumers keep trusting the repository: the root key they already pin signs the new key in. Nothing changes here until the server accepted it.</p>;
    case 'delete':
      return (
        <>
          <p>The server refuses a new root that the old root key did not sign, so the old trust data has to go first.</p>
          {plan?.rootLoss?.hostedRegistry && <p>{plan.rootLoss.hostedRegistryNote}</p>}
        </>
      );
    case 'init':
      return <p>The repository starts again under the same name with a new root key. Consumers who pinned the old root refuse it until they forget that root.</p>;
    case 'notice':
      return <p>Consumers can only tell a lost root from an attack by hearing it from you, over a channel they already trust, with the new root key ID to compare.</p>;
    default:
      if (step.id === 're-sign-tags') {
        return <p>The tags and digests were kept from the verified trust data before anything was deleted; each digest is checked in the registry before it is signed again.</p>;
      }
      return <p>This step happens outside the wizard; it is listed so nothing is forgotten.</p>;
  }
}

/**
 * Recover after a lost key (issue 6, point 4): first the plan (which keys you have per role and where, what is lost),
 * then one step per action, each showing what it changes on the server before it changes it, then the check that
 * the repository is trusted again on its server.
 */
export function RecoveryWizard({ dirId, gun, snapshotLocal, onClose }: { dirId: string; gun: string; snapshotLocal: boolean; onClose: () => void }) {
  const { plan, state, error, loadRecoveryPlan, detail, away, leaveRecovery, clearRecoveryAway, vaultState, showBackupsTab, openDialog } = useStore(
    useShallow((s) => ({
      plan: s.recoveryGun === gun ? s.recoveryPlan : null,
      state: s.recoveryGun === gun ? s.recoveryPlanState : 'loading',
      error: s.recoveryGun === gun ? s.recoveryPlanError : null,
      loadRecoveryPlan: s.loadRecoveryPlan,
      detail: s.repoDetail?.gun === gun ? s.repoDetail : null,
      away: s.recoveryAway?.gun === gun ? s.recoveryAway : null,
      leaveRecovery: s.leaveRecovery,
      clearRecoveryAway: s.clearRecoveryAway,
      vaultState: vaultChoiceState(s.vaultStatus),
      showBackupsTab: s.showBackupsTab,
      openDialog: s.openDialog,
    })),
  );
  const [page, setPage] = useState(0);
  const [outcomes, setOutcomes] = useState<Record<number, StepOutcome>>({});
  const [remembered, setRemembered] = useState<string | null>(null);
  const [serverRead, setServerRead] = useState(false);
  // The plan the store held when the wizard opened: a return waits for the plan read again, not this one.
  const [planAtOpen] = useState(plan);

  useEffect(() => {
    void loadRecoveryPlan(gun);
    let live = true;
    void vault.repos.serverSetting({ trustDirId: dirId, gun }).then((r) => {
      if (!live) return;
      if (r.ok) setRemembered(r.value.server);
      setServerRead(true);
    });
    return () => {
      live = false;
    };
  }, [dirId, gun, loadRecoveryPlan]);

  const steps = plan?.steps ?? [];

  // Back from another screen a step needed: the same step (found by ID in the plan read again), its outcomes kept when
  // the plan has the same steps.
  useEffect(() => {
    if (!away || !plan || plan === planAtOpen || state !== 'ready') return;
    const ids = plan.steps.map((s) => s.id);
    setPage(returnPage(ids, away));
    setOutcomes(sameSteps(ids, away.stepIds) ? away.outcomes : {});
    clearRecoveryAway();
  }, [away, plan, planAtOpen, state, clearRecoveryAway]);
  const total = steps.length + 2;
  const step = page >= 1 && page <= steps.length ? steps[page - 1]! : null;
  const final = plan !== null && page === steps.length + 1;
  const done = (id: RecoveryStep['id']) => steps.some((s, i) => s.id === id && outcomes[i + 1] && outcomes[i + 1]!.kind !== 'skipped');
  const initResult = Object.values(outcomes).find((o) => o.kind === 'published' && o.result.action === 'initialised the repository');
  const deleted = Object.values(outcomes).find((o) => o.kind === 'deleted');
  const server = (deleted?.kind === 'deleted' ? deleted.server : null) ?? (plan?.source.kind === 'server' ? plan.source.server : null) ?? remembered ?? '<server>';
  // The ID root.json lists for the new root (the certificate's), as Trust Vault and `docker trust inspect` show it.
  const writtenRoot = initResult?.kind === 'published' ? initResult.result.keysWritten.find((k) => k.role === 'root')?.id : undefined;
  const listedRoot = detail?.roles.find((r) => r.role === 'root')?.keys.find((k) => !writtenRoot || k.canonicalId === writtenRoot || k.id === writtenRoot)?.id;
  const newRootKeyId = initResult ? (listedRoot ?? writtenRoot ?? null) : null;

  const unblocked = (s: RecoveryStep) => (s.id === 'init-new-root' && done('delete-trust-data')) || ((s.id === 're-add-signers' || s.id === 're-sign-tags' || s.id === 'notify-consumers') && done('init-new-root'));
  const outcome = step ? (outcomes[page] ?? null) : null;
  const kind = step ? stepKind(step) : null;
  const canAct = step && (step.options.some((o) => o.possibleNow) || unblocked(step));
  const links = plan && step ? stepLinks(plan, step, { vault: vaultState, serverKnown: !serverRead || plan.source.kind === 'server' || remembered !== null }) : [];
  /** Leaves for the screen a step needs, remembering this page so the banner there brings the person back to it. */
  const leave = (screen: StepLink['screen'], todo: string) => {
    const at: RecoveryAway = {
      gun,
      page,
      stepId: step?.id ?? null,
      stepIds: steps.map((s) => s.id),
      outcomes,
      screen,
      stepTitle: step?.title ?? 'What you still have, and what is lost',
      todo,
    };
    leaveRecovery(at);
    onClose();
  };
  const vaultLeave = {
    go: () => leave('vault', 'Create the vault (or unlock it), then go back: the passphrases are chosen again there.'),
    note: 'The wizard waits for you: the banner on every screen brings you back to this step.',
  };

  const nextLabel = page === 0 ? 'Start' : step && (kind === 'rotate' || kind === 'delete' || kind === 'init') && canAct && !outcome ? 'Skip this step' : 'Next';

  const next = () => {
    if (step && !outcomes[page]) setOutcomes((o) => ({ ...o, [page]: { kind: 'skipped' } }));
    setPage((p) => Math.min(p + 1, steps.length + 1));
  };

  let counter = `Step ${page + 1} of ${total}`;
  let title = 'What you still have, and what is lost';
  if (step) title = step.title;
  if (final) title = 'Check that the repository is trusted';
  if (!plan) counter = 'Step 1';

  return (
    <Modal
      title="Recover after a lost key"
      description={<>Replaces what is lost for <span className="mono break">{gun}</span>, one step at a time.</>}
      onClose={onClose}
      testId="recovery-wizard"
      wide
    >
      <WizardStep counter={counter} title={title} why={
          <div className="recovery-why">
            <Why plan={plan} step={step} final={final} />
          </div>
        }>
        <div data-testid="recovery-page" data-page={final ? 'final' : step ? step.id : 'plan'}>
          {state === 'loading' && <p className="loading">Reading the repository from its server and looking for its keys…</p>}
          {error && (
            <>
              <ErrorNote error={error} />
              <button type="button" className="button button-secondary" onClick={() => void loadRecoveryPlan(gun)}>
                Try again
              </button>
            </>
          )}
          {plan && page === 0 && <RecoveryPlanView plan={plan} />}
          {/* What the step needs from other screens first, before what it does. */}
          {plan && step && links.length > 0 && <StepLinks
              links={links}
              onGo={(l) => {
                if (l.backupsTab) showBackupsTab(l.backupsTab);
                leave(l.screen, l.why);
                if (l.generate) openDialog({ type: 'generate' });
              }}
            />}
          {plan && step && (
            <RecoveryStepView
              key={page}
              dirId={dirId}
              gun={gun}
              plan={plan}
              step={step}
              snapshotLocal={snapshotLocal}
              unblocked={unblocked(step)}
              outcome={outcome}
              onOutcome={(o) => setOutcomes((all) => ({ ...all, [page]: o }))}
              vaultLeave={vaultLeave}
            />
          )}
          {plan && step && kind === 'notice' && (newRootKeyId ? <ConsumerNotice gun={gun} newRootKeyId={newRootKeyId} server={server} rootLoss={plan.rootLoss} /> : null)}
          {final && <RecoveryFinalCheck dirId={dirId} gun={gun} />}
        </div>
        {plan && (
          <div className="wizard-actions recovery-nav">
            {page > 0 && (
              <button type="button" className="button button-ghost" onClick={() => setPage((p) => p - 1)}>
                Back
              </button>
            )}
            {final ? (
              <button type="button" className="button button-primary" onClick={onClose}>
                Finish
              </button>
            ) : (
              <button type="button" className={nextLabel === 'Skip this step' ? 'button button-secondary' : 'button button-primary'} onClick={next}>
                {nextLabel}
              </button>
            )}
          </div>
        )}
      </WizardStep>
    </Modal>
  );
}
