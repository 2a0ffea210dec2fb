import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  name: string;
}

/**
 * A WAI-ARIA tab list: one tab in the tab order, arrow keys, Home and End move between tabs. Tab `t` controls the
 * panel with id `${idPrefix}-panel-${t}` and is labelled by `${idPrefix}-tab-${t}`; `extra` adds a badge to a tab.
 */
export function TabList<T extends string>(props: {
  tabs: readonly TabSpec<T>[];
  current: T;
  onSelect: (id: T) => void;
  label: string;
  idPrefix: string;
  extra?: (id: T) => ReactNode;
}) {
  const { tabs, current, onSelect, label, idPrefix, extra } = props;
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = tabs.findIndex((t) => t.id === current);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === -1) return;
    e.preventDefault();
    onSelect(tabs[next]!.id);
    refs.current[tabs[next]!.id]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.id}`}
          aria-controls={`${idPrefix}-panel-${t.id}`}
          aria-selected={current === t.id}
          tabIndex={current === t.id ? 0 : -1}
          className={current === t.id ? 'tab active' : 'tab'}
          onClick={() => onSelect(t.id)}
          onKeyDown={onKey}
        >
          {t.name}
          {extra?.(t.id)}
        </button>
      ))}
    </div>
  );
}

/** The panel tab `id` of a TabList controls: hidden unless current, with the tab's name and purpose as its heading. */
export function TabPanel(props: { idPrefix: string; id: string; current: string; name: string; purpose: string; action?: ReactNode; children: ReactNode }) {
  const { idPrefix, id, current, name, purpose, action, children } = props;
  return (
    <section
      className="tab-panel"
      role="tabpanel"
      id={`${idPrefix}-panel-${id}`}
      aria-labelledby={`${idPrefix}-tab-${id}`}
      data-testid={`${idPrefix}-panel-${id}`}
      hidden={current !== id}
    >
      <div className="tab-panel-head">
        <div>
          <h2>{name}</h2>
          <p className="muted">{purpose}</p>
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}
