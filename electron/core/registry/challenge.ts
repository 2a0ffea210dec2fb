/** One `WWW-Authenticate` challenge: its scheme (lower-case) and parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `WWW-Authenticate` as distribution's `registry/client/auth/challenge` does: a scheme token, then
 * comma-separated `key=value` pairs whose values are tokens or quoted strings (with `\` escapes). Several
 * challenges may follow each other in one header.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const out: Challenge[] = [];
  for (const h of Array.isArray(header) ? header : header ? [header] : []) {
    let i = 0;
    const s = h;
    const skipSpace = () => {
      while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    };
    const token = () => {
      const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(s.slice(i));
      if (!m) return '';
      i += m[0].length;
      return m[0];
    };
    while (i < s.length) {
      skipSpace();
      const scheme = token();
      if (!scheme) break;
      const params: Record<string, string> = {};
      for (;;) {
        skipSpace();
        const save = i;
        const key = token();
        skipSpace();
        if (!key || s[i] !== '=') {
          i = save;
          break;
        }
        i++;
        skipSpace();
        let value = '';
        if (s[i] === '"') {
          i++;
          while (i < s.length && s[i] !== '"') {
            if (s[i] === '\\' && i + 1 < s.length) i++;
            value += s[i];
            i++;
          }
          i++;
        } else value = token();
        params[key.toLowerCase()] = value;
        skipSpace();
        if (s[i] === ',') i++;
        else break;
      }
      out.push({ scheme: scheme.toLowerCase(), params });
      skipSpace();
      if (s[i] === ',') i++;
    }
  }
  return out;
}
