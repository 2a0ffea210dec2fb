import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/error-codes';
import { EXPLANATIONS, explain } from './explain';

describe('explain', () => {
  it('has a plain explanation for every error code', () => {
    for (const code of ERROR_CODES) {
      const e = explain(code);
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.advice.length).toBeGreaterThan(10);
    }
    expect(Object.keys(EXPLANATIONS).sort()).toEqual([...ERROR_CODES].sort());
  });
});
