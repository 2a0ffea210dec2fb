import type { StepLink } from './step-links';

/**
 * The other screens a recovery step needs, each with why and a button there (issue 16, point 7). The wizard remembers
 * its step before it leaves; the banner on the other screen brings the person back to it.
 */
export function StepLinks({ links, onGo }: { links: StepLink[]; onGo: (link: StepLink) => void }) {
  return (
    <div className="callout step-links" data-testid="step-links">
      <strong>This step needs another screen.</strong> The wizard keeps its place: come back with “Back to the recovery”.
      <ul className="step-links-list" role="list">
        {links.map((l) => (
          <li key={l.id} data-testid="step-link" data-link={l.id}>
            <span>{l.why}</span>{' '}
            <button type="button" className="button button-secondary button-small" onClick={() => onGo(l)}>
              {l.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
