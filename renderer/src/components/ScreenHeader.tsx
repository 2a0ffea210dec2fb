import type { ReactNode } from 'react';

/** The top of every screen: its name, one sentence on what it is for, and its main actions (safe one first). */
export function ScreenHeader({ title, purpose, actions }: { title: string; purpose: ReactNode; actions?: ReactNode }) {
  return (
    <header className="screen-header">
      <div>
        <h1>{title}</h1>
        <p className="screen-purpose">{purpose}</p>
      </div>
      {actions && <div className="button-row">{actions}</div>}
    </header>
  );
}
