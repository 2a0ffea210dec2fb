import { useState } from 'react';
import type { RepoDetail } from '../../../../shared/dto/repos';
import { Icon } from '../../components/Icon';
import { LeaveContentTrustWizard } from './LeaveContentTrustWizard';

/** The way out of content trust for one repository (issue 18): one sentence, one button that opens the wizard. */
export function LeaveContentTrustPanel({ gun, detail }: { gun: string; detail: RepoDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="repo-section" aria-labelledby="leave-title" data-testid="leave-content-trust">
      <h3 id="leave-title" className="repo-section-title">
        <Icon name="key" /> Leave content trust
      </h3>
      <p className="muted repo-section-why">
        Notary services are shutting down (Docker Hub’s ends on 8 December 2026). Move this repository to Sigstore cosign or Notation and keep
        what you built: your key where the new tool allows it, every trusted tag signed again by its digest, and a signed notice for consumers.
      </p>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Leave content trust…
        </button>
      </div>
      {open && <LeaveContentTrustWizard gun={gun} detail={detail} onClose={() => setOpen(false)} />}
    </section>
  );
}
