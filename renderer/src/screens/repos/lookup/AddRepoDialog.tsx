import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RepoLookupPreview, RootKeyView, ServerForName } from '../../../../../shared/dto/repo-lookup';
import { Badge } from '../../../components/Badge';
import { ErrorNote } from '../../../components/ErrorNote';
import { Modal } from '../../../components/Modal';
import { SecretField } from '../../../components/SecretField';
import { TextField } from '../../../components/TextField';
import { useStore } from '../../../store';
import type { RepoAcceptance } from '../../../store/lookup-slice';
import type { Outcome, UiError } from '../../../store/types';
import { ProblemList } from '../ProblemList';
import { formatDate, VERDICT } from '../repo-text';

type Step = { at: 'name' } | { at: 'server'; found: ServerForName } | { at: 'root'; found: ServerForName; preview: RepoLookupPreview };

function urlProblem(url: string): string | null {
  if (url.trim() === '') return null;
  try {
    const p = new URL(url.trim()).protocol;
    return p === 'http:' || p === 'https:' ? null : 'The address must start with http:// or https://';
  } catch {
    return 'Not a server address, e.g. https://notary.example.com:4443';
  }
}

/** How a pasted key ID compares with the root keys shown: either ID form counts (x509 or the key file's). */
function matchPin(pasted: string, keys: RootKeyView[]): { key: RootKeyView | null; text: string; tone: 'empty' | 'ok' | 'bad' } {
  const id = pasted.trim().toLowerCase();
  if (id === '') return { key: null, text: 'Paste the root key ID the publisher published (either form).', tone: 'empty' };
  if (!/^[0-9a-f]{64}$/.test(id)) return { key: null, text: 'A root key ID is 64 hexadecimal characters (0-9, a-f).', tone: 'bad' };
  const key = keys.find((k) => k.id === id || k.canonicalId === id) ?? null;
  return key
    ? { key, text: `Matches the root key ${key.id.slice(0, 12)}… shown above.`, tone: 'ok' }
    : { key: null, text: 'Matches none of the root keys this server serves: do not add this repository; ask the publisher.', tone: 'bad' };
}

/**
 * Adding a repository by name (issue 15): the name as docker normalises it, its notary server (remembered per registry,
 * a known one only offered), then trust on first use made visible: the root's keys, both their IDs and their
 * certificates, to compare with what the publisher published, and a pin by key ID or CA, or first-use acceptance.
 *
 * Test hooks: data-testid="add-repo-dialog" (data-step), "add-repo-gun", "server-suggestion", "root-key" rows
 * (data-id, data-canonical-id), "pin-match" (data-tone), "lookup-shutdown".
 */
export function AddRepoDialog() {
  const { dirId, close, findRepoServer, lookUpRepo, addRepo } = useStore(
    useShallow((s) => ({ dirId: s.trustDirs.find((d) => d.selected)?.id ?? null, close: s.closeAddRepo, findRepoServer: s.findRepoServer, lookUpRepo: s.lookUpRepo, addRepo: s.addRepo })),
  );
  const [step, setStep] = useState<Step>({ at: 'name' });
  const [name, setName] = useState('');
  const [server, setServer] = useState('');
  const [token, setToken] = useState('');
  const [pin, setPin] = useState('');
  const [firstUse, setFirstUse] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const call = async <T,>(fn: () => Promise<Outcome<T>>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    const r = await fn();
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return null;
    }
    return r.value;
  };

  const findServer = async () => {
    if (!dirId || name.trim() === '') return;
    const found = await call(() => findRepoServer(name.trim()));
    if (!found) return;
    setServer(found.server ?? '');
    setStep({ at: 'server', found });
  };
  const lookUp = async (found: ServerForName) => {
    if (!dirId || urlProblem(server) || server.trim() === '') return;
    const secret = token;
    setToken('');
    const preview = await call(() => lookUpRepo(found.gun, server.trim(), secret));
    if (preview) setStep({ at: 'root', found, preview });
  };
  const add = async (how: RepoAcceptance) => {
    if (!dirId || step.at !== 'root') return;
    await call(() => addRepo(step.preview.gun, step.preview.server, how));
  };

  return (
    <Modal
      title="Add a repository"
      description="Look a repository up on its notary server and keep its verified trust data here, the way notary and docker would."
      onClose={close}
      testId="add-repo-dialog"
      wide
    >
      <div data-step={step.at} data-testid="add-repo-step">
        {step.at === 'name' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void findServer();
            }}
          >
            <TextField
              label="Image name"
              value={name}
              onChange={setName}
              placeholder="registry.example.com/team/app"
              hint="As you would pull it: alpine, ana/app, registry.example.com:5000/team/app (a tag is ignored: trust data is per repository)."
            />
            <div className="wizard-actions">
              <button type="button" className="button button-secondary" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''}>
                Next
              </button>
            </div>
          </form>
        )}

        {step.at === 'server' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void lookUp(step.found);
            }}
          >
            <p>
              Repository <code className="break" data-testid="add-repo-gun">{step.found.gun}</code>
              {step.found.cached && <> (already in this trust folder: looking it up checks it against the root pinned here)</>}
            </p>
            {step.found.server === null && (
              <p className="server-prompt" data-testid="server-prompt">
                Which notary server signs for <strong>{step.found.registry}</strong>? It is remembered for the whole registry.
              </p>
            )}
            {step.found.suggestion && step.found.server === null && <Suggestion found={step.found} use={setServer} />}
            <TextField
              label="Notary server address"
              value={server}
              onChange={setServer}
              placeholder="https://notary.example.com:4443"
              hint={step.found.server ? `Remembered for ${step.found.registry}.` : `Remembered for ${step.found.registry} once the repository is added.`}
              error={urlProblem(server)}
            />
            <SecretField label="Bearer token (optional)" value={token} onChange={setToken} autoComplete="off" hint="Sent for this look-up only, then cleared." />
            <div className="wizard-actions">
              <button type="button" className="button button-secondary" onClick={() => setStep({ at: 'name' })}>
                Back
              </button>
              <button type="submit" className="button button-primary" disabled={busy || server.trim() === '' || !!urlProblem(server)}>
                {busy ? 'Looking it up…' : 'Look it up'}
              </button>
            </div>
          </form>
        )}

        {step.at === 'root' && <RootStep preview={step.preview} pin={pin} setPin={setPin} firstUse={firstUse} setFirstUse={setFirstUse} busy={busy} add={add} back={() => setStep({ at: 'server', found: step.found })} />}
        {error && <ErrorNote error={error} />}
      </div>
    </Modal>
  );
}

function RootStep({
  preview,
  pin,
  setPin,
  firstUse,
  setFirstUse,
  busy,
  add,
  back,
}: {
  preview: RepoLookupPreview;
  pin: string;
  setPin: (v: string) => void;
  firstUse: boolean;
  setFirstUse: (v: boolean) => void;
  busy: boolean;
  add: (how: { pinRootIds?: string[]; pinCa?: boolean; acceptFirstUse?: boolean }) => Promise<void>;
  back: () => void;
}) {
  const v = VERDICT[preview.verdict];
  const match = matchPin(pin, preview.rootKeys);
  const pinned = preview.alreadyPinned || preview.configPins.length > 0;
  return (
    <div className="tofu" data-testid="tofu">
      <p>
        <code className="break">{preview.gun}</code> on <code className="break">{preview.server}</code>: root version {preview.rootVersion ?? '?'},{' '}
        {preview.tagCount === 1 ? '1 signed tag' : `${preview.tagCount} signed tags`}. <Badge tone={v.tone}>{v.label}</Badge>
      </p>
      {preview.shutdown && (
        <p className="callout callout-warn" data-testid="lookup-shutdown">
          {preview.shutdown}
        </p>
      )}
      {preview.problems.length > 0 && <ProblemList gun={preview.gun} problems={preview.problems} />}

      <h3 className="repo-section-title">The root keys that vouch for everything else</h3>
      <p className="muted">
        Compare them with what the publisher published (a release note, a web page, a message). Either ID counts: the one in root.json (what{' '}
        <code>docker trust inspect</code> shows as “Root Key”) or the key file’s (what <code>notary key list</code> shows).
      </p>
      <table className="tags-table root-keys" data-testid="root-keys">
        <thead>
          <tr>
            <th scope="col">Root key ID (root.json)</th>
            <th scope="col">Key file ID (notary key list)</th>
            <th scope="col">Certificate</th>
          </tr>
        </thead>
        <tbody>
          {preview.rootKeys.map((k) => (
            <tr key={k.id} data-testid="root-key" data-id={k.id} data-canonical-id={k.canonicalId ?? ''}>
              <td className="mono break">{k.id}</td>
              <td className="mono break">{k.canonicalId ?? '—'}</td>
              <td>
                {k.subject !== null ? (
                  <>
                    CN <code className="break">{k.subject}</code>, valid until {k.notAfter ? formatDate(k.notAfter) : '?'}
                    {k.isCa && <Badge tone="danger">CA</Badge>}
                  </>
                ) : (
                  `${k.type} key, no certificate`
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {pinned ? (
        <div className="callout callout-success" data-testid="already-pinned">
          <p>
            {preview.alreadyPinned
              ? 'A root is already pinned for this repository in this trust folder, and the server’s root verified against it.'
              : 'This trust folder’s config.json pins root keys for this repository (notary’s trust_pinning), and the server’s root matches them.'}
          </p>
          <button type="button" className="button button-primary" disabled={busy || preview.verdict === 'broken'} onClick={() => void add({})}>
            Add {preview.gun}
          </button>
        </div>
      ) : (
        <div className="tofu-choices">
          <form
            className="tofu-choice"
            onSubmit={(e) => {
              e.preventDefault();
              if (match.key) void add({ pinRootIds: [pin.trim().toLowerCase()] });
            }}
          >
            <h4>Pin the root key the publisher published (safest)</h4>
            <TextField label="Root key ID" value={pin} onChange={setPin} placeholder="64 hexadecimal characters" hint={match.tone === 'bad' ? '' : match.text} error={match.tone === 'bad' ? match.text : null} />
            <p className="muted" data-testid="pin-match" data-tone={match.tone} hidden={match.tone !== 'ok'}>
              {match.tone === 'ok' ? match.text : ''}
            </p>
            <button type="submit" className="button button-primary" disabled={busy || !match.key || preview.verdict === 'broken'}>
              Pin this root key and add
            </button>
          </form>
          <div className="tofu-choice">
            <h4>Pin a certificate authority</h4>
            <p className="muted">When the publisher’s root certificates are issued by a CA you trust (notary’s trust_pinning.ca).</p>
            <button type="button" className="button button-secondary" disabled={busy || preview.verdict === 'broken'} onClick={() => void add({ pinCa: true })}>
              Choose the CA file and add…
            </button>
          </div>
          <div className="tofu-choice">
            <h4>Trust this root as first seen</h4>
            <label className="checkbox">
              <input type="checkbox" checked={firstUse} onChange={(e) => setFirstUse(e.target.checked)} /> I could not compare the IDs; trust these root keys
              as they are now (they are pinned from now on)
            </label>
            <button type="button" className="button button-secondary" disabled={busy || !firstUse || preview.verdict === 'broken'} onClick={() => void add({ acceptFirstUse: true })}>
              Trust on first use and add
            </button>
          </div>
        </div>
      )}
      <p className="muted">Adding writes the verified trust data into this folder in notary’s layout and the pin into its config.json, so notary refuses the same roots.</p>
      <div className="wizard-actions">
        <button type="button" className="button button-secondary" onClick={back}>
          Back
        </button>
      </div>
    </div>
  );
}

/** A known server, offered honestly: with its end date, and not at all once it has ended. */
function Suggestion({ found, use }: { found: ServerForName; use: (url: string) => void }) {
  const s = found.suggestion!;
  const ended = s.endsOn !== null && Date.now() >= Date.parse(`${s.endsOn}T00:00:00Z`) + 86_400_000;
  if (ended)
    return (
      <p className="callout callout-warn" data-testid="server-suggestion" data-ended="true">
        {s.label} ended on {s.endsOn}: its trust data can no longer be fetched, so it is not offered. If you archived it before, verify the archive
        instead.
      </p>
    );
  return (
    <div className="callout callout-warn" data-testid="server-suggestion" data-ended="false">
      <p>
        The known server for {found.registry} is <code className="break">{s.url}</code> ({s.label}).
        {s.endsOn && (
          <>
            {' '}
            It is announced to end on <strong>{s.endsOn}</strong>: after that its trust data cannot be fetched. Archive what you rely on before then.
          </>
        )}
      </p>
      <button type="button" className="button button-secondary button-small" onClick={() => use(s.url)}>
        Use this server
      </button>
    </div>
  );
}
