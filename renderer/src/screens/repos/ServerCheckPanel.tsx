import { useEffect, useState } from 'react';
import type { RepoServerCheck } from '../../../../shared/dto/repos';
import { vault } from '../../api';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import { TextField } from '../../components/TextField';
import type { UiError } from '../../store/types';
import { ProblemList } from './ProblemList';
import { VERDICT } from './repo-text';

function urlError(url: string): string | null {
  if (url.trim() === '') return null;
  try {
    const p = new URL(url.trim()).protocol;
    return p === 'http:' || p === 'https:' ? null : 'The address must start with http:// or https://';
  } catch {
    return 'Not a server address, e.g. https://notary.example.com:4443';
  }
}

/**
 * Checks the repository against its notary server (issue 3, point 2): the server remembered for it, a CA file chosen
 * through main's dialog, an optional bearer token sent once and cleared. Looking never changes the cache.
 */
export function ServerCheckPanel({
  dirId,
  gun,
  check,
  onChecked,
}: {
  dirId: string;
  gun: string;
  check: RepoServerCheck | null;
  onChecked: (check: RepoServerCheck | null) => void;
}) {
  const [url, setUrl] = useState('');
  const [caName, setCaName] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [insecure, setInsecure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [wholeDir, setWholeDir] = useState(false);
  const scope = wholeDir ? 'trustDir' : 'repo';
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    let live = true;
    void vault.repos.serverSetting({ trustDirId: dirId, gun }).then((r) => {
      if (!live || !r.ok) return;
      setUrl((u) => (u === '' ? (r.value.server ?? '') : u));
      setCaName(r.value.caFileName);
      setInsecure(r.value.insecureHttp);
    });
    return () => {
      live = false;
    };
  }, [dirId, gun]);

  const badUrl = urlError(url);
  const chooseCa = async () => {
    const r = await vault.repos.chooseCaFile({ trustDirId: dirId, gun, scope });
    if (!r.ok) setError({ code: r.code, message: r.message });
    else if (r.value) setCaName(r.value.caFileName);
  };
  const run = async () => {
    if (badUrl || url.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    const secret = token;
    setToken('');
    const r = await vault.repos.checkServer({ trustDirId: dirId, gun, server: url.trim(), scope, insecureHttp: insecure, ...(secret ? { token: secret } : {}) });
    setBusy(false);
    if (!r.ok) {
      setError({ code: r.code, message: r.message });
      onChecked(null);
    } else onChecked(r.value);
  };
  const v = check ? VERDICT[check.verdict] : null;

  return (
    <section className="repo-section server-check" aria-labelledby="server-check-title" data-testid="server-check">
      <h3 id="server-check-title" className="repo-section-title">
        Check against the server
      </h3>
      <p className="muted repo-section-why" data-testid="server-check-note">
        Fetches the repository from its notary server and checks it against the root pinned here. Looking never changes your cached trust data.
      </p>
      <form
        className="server-check-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <TextField
          label="Notary server address"
          value={url}
          onChange={setUrl}
          placeholder="https://notary.example.com:4443"
          hint={wholeDir ? 'Remembered for every repository of this trust folder.' : 'Remembered for this repository.'}
          error={badUrl}
        />
        <label className="server-check-scope">
          <input type="checkbox" checked={wholeDir} onChange={(e) => setWholeDir(e.target.checked)} /> Use this server and CA file for every
          repository of this trust folder
        </label>
        <div className="server-check-ca">
          <button type="button" className="button button-secondary" onClick={() => void chooseCa()}>
            Choose CA file…
          </button>
          <span className="muted" data-testid="server-ca-name">
            {caName ? (
              <>
                CA: <code>{caName}</code>
              </>
            ) : (
              'No CA file: the system’s certificate authorities are trusted (https only).'
            )}
          </span>
        </div>
        <SecretField
          label="Bearer token (optional)"
          value={token}
          onChange={setToken}
          autoComplete="off"
          hint="Sent for this check only, then cleared. Over https only, unless this server is marked insecure below."
        />
        {url.trim().startsWith('http:') && (
          <label className="server-check-scope" data-testid="server-insecure">
            <input type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} /> This server is insecure: send the token to it
            over plain http anyway. Anyone on the network between here and the server (or another user of this computer, for a local server) can
            read it and sign in as you.
          </label>
        )}
        <div className="wizard-actions">
          <button type="submit" className="button button-primary" disabled={busy || url.trim() === '' || !!badUrl}>
            {busy ? 'Checking the server…' : 'Check against the server'}
          </button>
        </div>
      </form>
      {error && <ErrorNote error={error} />}
      {check && v && (
        <div className="server-check-result" data-testid="server-check-result" data-verdict={check.verdict}>
          <p className="server-check-verdict">
            <Badge tone={v.tone}>{v.label}</Badge> <span>As served by</span> <code className="break">{check.server}</code>
          </p>
          {check.serverRootKeyIds.length > 0 && (
            <p className="muted">
              Server root key{check.serverRootKeyIds.length > 1 ? 's' : ''}:{' '}
              {check.serverRootKeyIds.map((id) => (
                <code key={id} className="break" data-testid="server-root-id">
                  {id}
                </code>
              ))}
            </p>
          )}
          {check.problems.length > 0 && <ProblemList gun={check.gun} problems={check.problems} />}
        </div>
      )}
    </section>
  );
}
