import { useEffect, useRef, useState } from 'react';
import type { AppInfo } from '../../../../shared/dto/app';
import { vault } from '../../api';
import { isMac, shortcutLabel, useCommands } from '../../components/commands';
import { copyText } from '../../components/copy-text';
import { ScreenHeader } from '../../components/ScreenHeader';
import { type ThemeChoice, usePrefs } from '../../store/prefs';
import { BUNDLED } from './licences';

/**
 * About and settings: the version and the runtime it runs on, how the window looks, the keyboard shortcuts, how to
 * report a problem (details to paste, no secret in them), and the licences of what is bundled.
 *
 * Names the e2e specs can rely on: heading "About Trust Vault"; data-testid="about-versions" with rows
 * data-testid="version-row" data-name=app|electron|chromium|node; radiogroup "Appearance" with radios "Same as the
 * system", "Light", "Dark"; section data-testid="report-problem" with button "Copy details for a report";
 * table "Bundled components and their licences" (data-testid="licences").
 */

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Chromium's version as the page sees it (inside Electron, main reports it too). */
const chromiumOfPage = () => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? null;

export function AboutScreen() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [copied, setCopied] = useState(false);
  const theme = usePrefs((s) => s.theme);
  const setTheme = usePrefs((s) => s.setTheme);
  const reportRef = useRef<HTMLElement>(null);
  const mac = isMac();

  useEffect(() => {
    void vault.app.info({}).then((r) => {
      if (r.ok) setInfo(r.value);
    });
  }, []);
  useCommands(['report-problem'], () => {
    reportRef.current?.scrollIntoView({ block: 'start' });
    reportRef.current?.querySelector('button')?.focus();
  });

  const rows: { name: string; label: string; value: string }[] = [
    { name: 'app', label: 'Trust Vault', value: info?.version ?? '…' },
    { name: 'electron', label: 'Electron', value: info?.versions?.electron ?? (info?.shell === 'harness' ? 'not running in Electron (test harness)' : '…') },
    { name: 'chromium', label: 'Chromium', value: info?.versions?.chrome ?? chromiumOfPage() ?? '…' },
    { name: 'node', label: 'Node.js', value: info?.versions?.node ?? '…' },
  ];
  const details = [...rows.map((r) => `${r.label}: ${r.value}`), `Platform: ${info?.platform ?? 'unknown'}`].join('\n');

  const copy = async () => {
    const ok = await copyText(details);
    setCopied(ok);
  };

  return (
    <div className="about-screen">
      <ScreenHeader title="About Trust Vault" purpose="The version you run, how the window looks, the keyboard shortcuts, and what the app is made of." />

      <div className="about-grid">
        <section className="about-card" aria-labelledby="about-versions-title">
          <h2 id="about-versions-title" className="about-title">
            Version
          </h2>
          <dl className="detail-facts" data-testid="about-versions">
            {rows.map((r) => (
              <div key={r.name} className="about-row" data-testid="version-row" data-name={r.name}>
                <dt>{r.label}</dt>
                <dd className="mono">{r.value}</dd>
              </div>
            ))}
          </dl>
        </section>

        <section className="about-card" aria-labelledby="about-appearance-title">
          <h2 id="about-appearance-title" className="about-title">
            Appearance
          </h2>
          <div role="radiogroup" aria-label="Appearance" className="choice-list about-themes">
            {THEMES.map((t) => (
              <label key={t.value} className={theme === t.value ? 'choice selected' : 'choice'}>
                <input type="radio" name="theme" value={t.value} checked={theme === t.value} onChange={() => setTheme(t.value)} />
                <span className="choice-label">{t.label}</span>
              </label>
            ))}
          </div>
          <p className="muted">“Same as the system” follows your desktop’s light or dark setting as it changes.</p>
        </section>

        <section className="about-card" aria-labelledby="about-keys-title">
          <h2 id="about-keys-title" className="about-title">
            Keyboard
          </h2>
          <dl className="detail-facts">
            <dt>
              <kbd>{shortcutLabel('F', mac)}</kbd>
            </dt>
            <dd>Filter the keys</dd>
            <dt>
              <kbd>{shortcutLabel('N', mac)}</kbd>
            </dt>
            <dd>Generate a key</dd>
            <dt>
              <kbd>{shortcutLabel('I', mac)}</kbd>
            </dt>
            <dd>Import keys (or drop key files on the window)</dd>
            <dt>
              <kbd>{shortcutLabel('L', mac)}</kbd>
            </dt>
            <dd>Lock the vault</dd>
          </dl>
        </section>

        <section className="about-card" aria-labelledby="about-report-title" data-testid="report-problem" ref={reportRef}>
          <h2 id="about-report-title" className="about-title">
            Report a problem
          </h2>
          <p className="muted">
            Copy these details into your report, with what you did and what you saw. They name versions only: no key, path or passphrase.
          </p>
          <pre className="about-details">{details}</pre>
          <button type="button" className="button button-secondary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy details for a report'}
          </button>
        </section>
      </div>

      <section className="about-card about-licences" aria-labelledby="about-licences-title">
        <h2 id="about-licences-title" className="about-title">
          Licences
        </h2>
        <p className="muted">Trust Vault is licensed under the Apache License 2.0. It bundles these components, each under its own licence:</p>
        <table className="about-table" aria-label="Bundled components and their licences" data-testid="licences">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Version</th>
              <th scope="col">Licence</th>
              <th scope="col">Used for</th>
            </tr>
          </thead>
          <tbody>
            {BUNDLED.map((c) => (
              <tr key={c.name}>
                <td className="mono">{c.name}</td>
                <td className="mono">{c.version}</td>
                <td>{c.license}</td>
                <td>{c.use}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
