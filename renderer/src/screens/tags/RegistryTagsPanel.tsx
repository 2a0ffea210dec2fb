import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TagRevokeOutcome, TagSignOutcome, TagSignPreview } from '../../../../shared/dto/tags';
import { Badge, type BadgeTone } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import { TextField } from '../../components/TextField';
import { useStore } from '../../store';
import type { PublishPassphrases, UiError } from '../../store/types';
import { RegistrySignIn } from './RegistrySignIn';

const STATE: Record<string, { label: string; tone: BadgeTone }> = {
  signed: { label: 'Signed', tone: 'ok' },
  unsigned: { label: 'Not signed', tone: 'neutral' },
  moved: { label: 'Signed, but the tag now points elsewhere', tone: 'warn' },
  'not-in-registry': { label: 'Signed, not in the registry', tone: 'warn' },
};

const short = (digest: string) => `${digest.slice(0, 19)}…`;
type Step = { kind: 'list' } | { kind: 'preview'; preview: TagSignPreview } | { kind: 'signing' } | { kind: 'signed'; outcome: TagSignOutcome } | { kind: 'revoke' } | { kind: 'revoked'; outcome: TagRevokeOutcome };

/**
 * The registry's tags of this repository (issue 14): their state against the verified trust data, Sign for one or
 * several with a preview of exactly what changes before anything is sent, then the result read back from the
 * server; Revoke with a typed confirmation. The list and the actions are the store's (tags-slice.ts). Registry
 * credentials come from docker's configuration in main or main's own sign-in prompt; only the user name ever reaches
 * this panel. Passphrases go to main once, for the one operation, and are cleared.
 */
export function RegistryTagsPanel({ dirId, gun }: { dirId: string; gun: string }) {
  const { listed, listState, listError, loadTags, previewTagSigning, signTags, revokeTags } = useStore(
    useShallow((s) => ({
      listed: s.registryTagsFor?.dirId === dirId && s.registryTagsFor.gun === gun ? s.registryTags : null,
      listState: s.registryTagsState,
      listError: s.registryTagsFor?.dirId === dirId && s.registryTagsFor.gun === gun ? s.registryTagsError : null,
      loadTags: s.loadRegistryTags,
      previewTagSigning: s.previewTagSigning,
      signTags: s.signTags,
      revokeTags: s.revokeTags,
    })),
  );
  const tags = listed;
  const [chosen, setChosen] = useState<string[]>([]);
  const [step, setStep] = useState<Step>({ kind: 'list' });
  const [actionError, setActionError] = useState<UiError | null>(null);
  const [acting, setActing] = useState(false);
  const [targetsPass, setTargetsPass] = useState('');
  const [delegationPass, setDelegationPass] = useState('');
  const [snapshotPass, setSnapshotPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const busy = acting || listState === 'loading';
  const error = actionError ?? listError;

  const load = () => {
    setActionError(null);
    return loadTags(dirId, gun);
  };
  useEffect(() => {
    void loadTags(dirId, gun);
  }, [loadTags, dirId, gun]);

  const toggle = (tag: string) => setChosen((c) => (c.includes(tag) ? c.filter((t) => t !== tag) : [...c, tag]));
  const passphrases = (): PublishPassphrases => {
    const p = { targets: targetsPass, delegation: delegationPass, snapshot: snapshotPass };
    setTargetsPass('');
    setDelegationPass('');
    setSnapshotPass('');
    return p;
  };
  const preview = async () => {
    setActing(true);
    setActionError(null);
    const r = await previewTagSigning(dirId, gun, chosen);
    setActing(false);
    if (r.ok) setStep({ kind: 'preview', preview: r.value });
    else setActionError(r.error);
  };
  const sign = async (p: TagSignPreview) => {
    setStep({ kind: 'signing' });
    setActionError(null);
    const r = await signTags(dirId, gun, p.previewId, passphrases());
    if (r.ok) {
      setStep({ kind: 'signed', outcome: r.value });
      setChosen([]);
    } else {
      setActionError(r.error);
      setStep({ kind: 'list' });
    }
  };
  const revoke = async () => {
    setActing(true);
    setActionError(null);
    const r = await revokeTags(dirId, gun, chosen, passphrases(), confirm);
    setActing(false);
    setConfirm('');
    if (r.ok) {
      setStep({ kind: 'revoked', outcome: r.value });
      setChosen([]);
    } else setActionError(r.error);
  };

  const passFields = (
    <div className="tag-passphrases">
      <SecretField label="Targets passphrase (if you sign with the targets key)" value={targetsPass} onChange={setTargetsPass} autoComplete="off" />
      <SecretField label="Delegation passphrase (if you sign as a signer)" value={delegationPass} onChange={setDelegationPass} autoComplete="off" />
      <SecretField label="Snapshot passphrase (if the snapshot key is yours)" value={snapshotPass} onChange={setSnapshotPass} autoComplete="off" />
      <p className="muted">Passphrases the vault holds are used when it is unlocked; leave those fields empty.</p>
    </div>
  );

  return (
    <section className="repo-section" aria-labelledby="registry-tags-title" data-testid="registry-tags">
      <h3 id="registry-tags-title" className="repo-section-title">
        Image tags in the registry
      </h3>
      <p className="muted repo-section-why">
        Sign the tags people pull: the vault signs each tag&apos;s manifest digest as the registry serves it, in place of the
        content-trust push Docker no longer has.
      </p>
      {tags && <p data-testid="registry-user">{tags.signedInAs ? `Signed in as ${tags.signedInAs}` : 'Anonymous access (no credentials in docker\'s configuration for this registry)'}</p>}
      <RegistrySignIn dirId={dirId} gun={gun} signedInAs={tags?.signedInAs ?? null} onSignedIn={() => setActionError(null)} />
      {error && <ErrorNote error={error} testId="registry-tags-error" />}
      {busy && !tags && <p role="status">Asking the registry…</p>}

      {tags && step.kind !== 'preview' && step.kind !== 'revoke' && (
        <table className="tag-table" data-testid="registry-tag-table">
          <thead>
            <tr>
              <th scope="col">Choose</th>
              <th scope="col">Tag</th>
              <th scope="col">Digest</th>
              <th scope="col">Size</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tags.tags.map((t) => (
              <tr key={t.tag} data-testid={`registry-tag-${t.tag}`} data-state={t.state}>
                <td>
                  <input type="checkbox" aria-label={`Choose ${t.tag}`} checked={chosen.includes(t.tag)} onChange={() => toggle(t.tag)} disabled={t.state === 'not-in-registry'} />
                </td>
                <td>{t.tag}</td>
                <td title={t.digest}>
                  <code>{short(t.digest)}</code>
                </td>
                <td>{t.size} B</td>
                <td>
                  <Badge tone={STATE[t.state]!.tone}>{STATE[t.state]!.label}</Badge>
                  {t.role && <span className="muted"> {t.role}{t.signers.length > 0 ? ` (by ${t.signers.join(', ')})` : ''}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {tags && step.kind !== 'preview' && step.kind !== 'revoke' && (
        <div className="button-row">
          <button type="button" className="button button-primary" disabled={chosen.length === 0 || busy} onClick={() => void preview()}>
            Sign {chosen.length > 1 ? `${chosen.length} tags` : 'tag'}…
          </button>
          <button type="button" className="button button-secondary" disabled={chosen.length === 0 || busy || !chosen.every((c) => tags.tags.find((t) => t.tag === c)?.signed)} onClick={() => setStep({ kind: 'revoke' })}>
            Revoke…
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void load()}>
            Refresh
          </button>
        </div>
      )}

      {step.kind === 'preview' && (
        <div data-testid="tag-sign-preview">
          <h4>Nothing is sent until you sign. This change signs:</h4>
          <table className="tag-table">
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Digest</th>
                <th scope="col">Size</th>
                <th scope="col">Before</th>
              </tr>
            </thead>
            <tbody>
              {step.preview.items.map((i) => (
                <tr key={i.tag}>
                  <td>{i.tag}</td>
                  <td>
                    <code>{i.digest}</code>
                  </td>
                  <td>{i.size} B</td>
                  <td>{i.replaces ? `replaces ${short(i.replaces.digest)}` : 'new'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="tag-sign-role">
            Into <strong>{step.preview.role}</strong>; new versions: {Object.entries(step.preview.newVersions).map(([r, v]) => `${r} ${v}`).join(', ')}
            {step.preview.snapshotBy === 'server' ? ' (the server signs the snapshot)' : ''}.
          </p>
          {passFields}
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => void sign(step.preview)}>
              Sign and publish
            </button>
            <button type="button" className="button button-ghost" onClick={() => setStep({ kind: 'list' })}>
              Cancel
            </button>
          </div>
        </div>
      )}

      {step.kind === 'signing' && (
        <p role="status" data-testid="tag-sign-progress">
          <progress aria-label="Signing" /> Signing, publishing, and reading the result back from the server…
        </p>
      )}

      {step.kind === 'signed' && (
        <div className="callout callout-ok" role="status" data-testid="tag-sign-result">
          {step.outcome.verified ? 'Signed and checked on the server: ' : 'Signed; the server could not be read back yet: '}
          {step.outcome.signed.map((s) => s.tag).join(', ')} in {step.outcome.role} (targets version {step.outcome.versions.targets ?? '?'}).
          {step.outcome.moved.map((m) => (
            <div key={m.tag}>
              {m.tag} points to {short(m.registryNow)} in the registry now; the previewed {short(m.signed)} was signed.
            </div>
          ))}
        </div>
      )}

      {step.kind === 'revoke' && (
        <div data-testid="tag-revoke">
          <h4>Remove the signatures of {chosen.join(', ')}</h4>
          <p>Consumers with content trust can no longer pull these tags until they are signed again.</p>
          <TextField label={`Type ${gun} to confirm`} value={confirm} onChange={setConfirm} hint="The repository's full name, as shown above" />
          {passFields}
          <div className="button-row">
            <button type="button" className="button button-danger" disabled={confirm.trim() !== gun || busy} onClick={() => void revoke()}>
              Revoke signatures
            </button>
            <button type="button" className="button button-ghost" onClick={() => setStep({ kind: 'list' })}>
              Cancel
            </button>
          </div>
        </div>
      )}

      {step.kind === 'revoked' && (
        <div className="callout callout-ok" role="status" data-testid="tag-revoke-result">
          Revoked: {step.outcome.removals.map((r) => `${r.tags.join(', ')} from ${r.role}`).join('; ')}.
        </div>
      )}
    </section>
  );
}
