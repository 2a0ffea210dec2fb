import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { AdvisoryNote } from './AdvisoryNote';
import { MODULE_KIND_TEXT, MODULE_STATE_TEXT, moduleState, tokenBadges } from './token-text';

const STATE_TONE = { loaded: 'ok', 'not-found': 'danger', failed: 'danger', 'not-tried': 'neutral' } as const;

/**
 * Why a token does or does not show: each PKCS#11 module (found, loaded, the error when not), each slot, each token
 * with its PIN state, and firmware advisories. "Add a module…" opens main's file dialog.
 */
export function TokenDiagnostics() {
  const { report, state, error, load, addModule } = useStore(
    useShallow((s) => ({
      report: s.tokenDiagnostics,
      state: s.tokenDiagnosticsState,
      error: s.tokenDiagnosticsError,
      load: s.loadTokenDiagnostics,
      addModule: s.addTokenModule,
    })),
  );
  const [addError, setAddError] = useState<UiError | null>(null);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  const add = async () => {
    setAdding(true);
    setAddError(null);
    const r = await addModule();
    setAdding(false);
    if (!r.ok) setAddError(r.error);
  };

  return (
    <div className="token-diagnostics" data-testid="token-diagnostics">
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => void add()} disabled={adding}>
          Add a module…
        </button>
        <button type="button" className="button button-ghost" onClick={() => void load()} disabled={state === 'loading'}>
          Check again
        </button>
      </div>
      {addError && <ErrorNote error={addError} />}
      {error && <ErrorNote error={error} />}
      {state === 'loading' && !report && <p className="loading">Asking the token drivers…</p>}

      {report && (
        <>
          <h3 className="token-subtitle">Modules (token drivers)</h3>
          {report.modules.length === 0 ? (
            <p className="muted" data-testid="no-modules">
              No PKCS#11 module was found in the usual places. Install your token’s driver (for a YubiKey: ykcs11 from yubico-piv-tool), or add
              its file.
            </p>
          ) : (
            <ul className="diag-list" role="list" aria-label="Modules">
              {report.modules.map((m) => {
                const st = moduleState(m);
                return (
                  <li key={m.path} className="diag-item" data-testid="diag-module" data-module-path={m.path} data-state={st}>
                    <div className="diag-head">
                      <span className="mono break">{m.path}</span>
                      <Badge tone={STATE_TONE[st]}>{MODULE_STATE_TEXT[st]}</Badge>
                    </div>
                    <p className="muted">
                      {MODULE_KIND_TEXT[m.kind]}
                      {m.library && (
                        <>
                          {' '}
                          · {m.library.description} by {m.library.manufacturer}, version {m.library.version}
                        </>
                      )}
                    </p>
                    {m.error && (
                      <p className="diag-error" data-testid="diag-module-error">
                        <span className="mono">{m.error.code}</span>: {m.error.message}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          )}

          <h3 className="token-subtitle">Slots</h3>
          {report.slots.length === 0 ? (
            <p className="muted">No slots: no module loaded, or it reports none.</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table" aria-label="Slots">
                <thead>
                  <tr>
                    <th scope="col">Module</th>
                    <th scope="col">Slot</th>
                    <th scope="col">Description</th>
                    <th scope="col">Token present</th>
                  </tr>
                </thead>
                <tbody>
                  {report.slots.map((s) => (
                    <tr key={`${s.modulePath}:${s.slot}`} data-testid="diag-slot" data-token-present={s.tokenPresent}>
                      <td className="mono break">{s.modulePath}</td>
                      <td className="mono">{s.slot}</td>
                      <td>{s.description}</td>
                      <td>{s.tokenPresent ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h3 className="token-subtitle">Tokens</h3>
          {report.tokens.length === 0 ? (
            <p className="muted">No initialized token is connected.</p>
          ) : (
            <ul className="diag-list" role="list" aria-label="Tokens">
              {report.tokens.map((t) => (
                <li key={t.id} className="diag-item" data-testid="diag-token" data-token-label={t.label}>
                  <div className="diag-head">
                    <strong>{t.label}</strong>
                    <span className="badge-row">
                      {tokenBadges(t).map((b) => (
                        <Badge key={b.id} tone={b.tone}>
                          {b.text}
                        </Badge>
                      ))}
                    </span>
                  </div>
                  <p className="muted">
                    {t.manufacturer} · {t.model} · serial <span className="mono">{t.serial}</span> · firmware {t.firmware ?? 'unknown'} · slot {t.slot}
                  </p>
                  <p>
                    PIN state:{' '}
                    {t.flags.pinLocked
                      ? 'locked'
                      : t.loggedIn
                        ? 'unlocked'
                        : t.flags.loginRequired
                          ? 'a PIN is needed'
                          : 'no PIN needed'}
                    {t.flags.pinFinalTry && !t.flags.pinLocked ? '; one try left' : t.flags.pinCountLow ? '; a wrong PIN was entered' : ''}
                  </p>
                  {t.advisories.length === 0 ? (
                    <p className="muted">No known advisory for this token’s firmware.</p>
                  ) : (
                    t.advisories.map((a) => <AdvisoryNote key={a.id} advisory={a} />)
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
