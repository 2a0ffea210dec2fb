import { type StatusProblem, WARNING_PROBLEMS } from '../../../../shared/dto/status';
import { explainProblem } from '../../../../shared/explanations/problems';
import { Badge } from '../../components/Badge';

/** Problems that make the data untrustworthy first, warnings last: the first one shown is the one to act on. */
const FIRST = ['ROOT_NOT_TRUSTED', 'THRESHOLD_NOT_MET', 'BAD_CERTIFICATE', 'EXPIRED'];
const rank = (p: StatusProblem) => (WARNING_PROBLEMS.includes(p.code) ? 100 : FIRST.includes(p.code) ? FIRST.indexOf(p.code) : 50);

/** Text with `commands` in backticks shown as code. */
function Words({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** Each problem in plain words: what it means if you pull, what to do if you publish, and the tools' own text. */
export function ProblemList({ gun, problems }: { gun: string; problems: StatusProblem[] }) {
  return (
    <ul className="problems" role="list">
      {[...problems].sort((a, b) => rank(a) - rank(b)).map((p, i) => {
        const e = explainProblem(p.code, { gun, role: p.role || undefined });
        const warn = WARNING_PROBLEMS.includes(p.code);
        const quoted = [...(e?.notary ?? []).map((t) => ({ tool: 'notary', t })), ...(e?.docker ?? []).map((t) => ({ tool: 'docker', t }))];
        return (
          <li key={`${p.code}-${p.role}-${i}`} className={`problem ${warn ? 'problem-warn' : 'problem-broken'}`} data-testid="repo-problem" data-code={p.code} data-role={p.role}>
            <div className="problem-head">
              <Badge tone={warn ? 'warn' : 'danger'}>{warn ? 'Warning' : 'Problem'}</Badge>
              <h3>{e?.title ?? p.code}</h3>
              {p.role && <span className="muted">in {p.role}</span>}
            </div>
            <p className="problem-message mono break">{p.message}</p>
            {e && (
              <div className="problem-audiences">
                <div>
                  <h4>If you pull these images</h4>
                  <p data-testid="consumer-explanation">
                    <Words text={e.consumer} />
                  </p>
                </div>
                <div>
                  <h4>If you publish this repository</h4>
                  <p data-testid="publisher-explanation">
                    <Words text={e.publisher} />
                  </p>
                </div>
              </div>
            )}
            {quoted.length > 0 && (
              <details className="problem-quotes" open={!warn}>
                <summary>What notary and docker print for this</summary>
                <ul role="list">
                  {quoted.map((q) => (
                    <li key={`${q.tool}${q.t}`}>
                      <span className="quote-tool">{q.tool}</span>
                      <code className="break" data-testid="tool-text">
                        {q.t}
                      </code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
