/** The few line icons the app uses, drawn inline so no file or network request is needed. */
const PATHS = {
  key: 'M10.5 2.5a3 3 0 1 1-2.6 4.5L3 11.9V13.5h1.6v-1.2h1.2v-1.2H7l1.4-1.4A3 3 0 0 1 10.5 2.5zm.8 1.6a.9.9 0 1 0 0 1.8.9.9 0 0 0 0-1.8z',
  folder: 'M1.5 4A1.5 1.5 0 0 1 3 2.5h3l1.5 1.5H13A1.5 1.5 0 0 1 14.5 5.5v6A1.5 1.5 0 0 1 13 13H3a1.5 1.5 0 0 1-1.5-1.5z',
  lock: 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2M3.5 7h9v6.5h-9z',
  warning: 'M8 1.8l6.5 11.7h-13zM8 6v3.5M8 11.3v.2',
  copy: 'M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3',
  plus: 'M8 3v10M3 8h10',
  import: 'M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 11.5v2h11v-2',
  shield: 'M8 1.5l5.5 2v4c0 3.4-2.3 5.9-5.5 7-3.2-1.1-5.5-3.6-5.5-7v-4z',
  repo: 'M3 2.5h8.5v11H3zM5.5 5h4M5.5 7.5h4',
  backup: 'M2.5 4.5h11v3h-11zM2.5 7.5h11v5h-11zM6 10h4',
  token: 'M4 3.5h8v9H4zM6.5 12.5v1.5M9.5 12.5v1.5M6 6h4v3H6z',
  audit: 'M4 2.5h6l2.5 2.5v8.5H4zM6 7h4.5M6 9.5h4.5M6 12h2.5',
  unlock: 'M4.5 7V5a3.5 3.5 0 0 1 6.8-1.2M3.5 7h9v6.5h-9z',
  vault: 'M2.5 2.5h11v11h-11zM8 8m-2.2 0a2.2 2.2 0 1 0 4.4 0a2.2 2.2 0 1 0-4.4 0',
  info: 'M8 8m-6 0a6 6 0 1 0 12 0a6 6 0 1 0-12 0M8 7.2v4M8 4.8v.2',
  sort: 'M5 3v10M2.5 10.5L5 13l2.5-2.5M11 13V3M8.5 5.5L11 3l2.5 2.5',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  const filled = name === 'key' || name === 'folder';
  return (
    <svg viewBox="0 0 16 16" width={size} height={size} aria-hidden="true" className="icon">
      <path
        d={PATHS[name]}
        fill={filled ? 'currentColor' : 'none'}
        stroke={filled ? 'none' : 'currentColor'}
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
        fillRule="evenodd"
      />
    </svg>
  );
}
