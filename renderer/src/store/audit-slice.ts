import type { StateCreator } from 'zustand';
import { vault } from '../api';
import type { AppState, AuditSlice } from './types';

export const initialAudit = {
  auditEntries: [],
  auditFilter: {},
  auditState: 'idle',
  auditError: null,
  auditVerification: null,
  auditVerifyState: 'idle',
  auditVerifyError: null,
} satisfies Partial<AuditSlice>;

let listSeq = 0;

/** The audit log as main reads it: entries matching the filter, the chain check, starting over after damage, the export. */
export const createAuditSlice: StateCreator<AppState, [], [], AuditSlice> = (set, get) => ({
  ...initialAudit,
  loadAudit: async (filter) => {
    const f = filter ?? get().auditFilter;
    const seq = ++listSeq;
    set({ auditFilter: f, auditState: 'loading' });
    const r = await vault.audit.list(f);
    if (seq !== listSeq) return; // a newer filter won
    if (!r.ok) {
      set({ auditEntries: [], auditState: 'error', auditError: { code: r.code, message: r.message } });
      return;
    }
    set({ auditEntries: r.value, auditState: 'ready', auditError: null });
  },
  verifyAudit: async () => {
    set({ auditVerifyState: 'loading', auditVerifyError: null });
    const r = await vault.audit.verify({});
    if (!r.ok) {
      set({ auditVerification: null, auditVerifyState: 'error', auditVerifyError: { code: r.code, message: r.message } });
      return;
    }
    set({ auditVerification: r.value, auditVerifyState: 'ready' });
  },
  restartAudit: async (confirmation) => {
    const r = await vault.audit.restart({ confirmation });
    if (!r.ok) return { code: r.code, message: r.message };
    set({ auditVerification: r.value, auditVerifyState: 'ready', auditVerifyError: null });
    await get().loadAudit();
    return null;
  },
  exportAudit: async () => {
    const r = await vault.audit.export({});
    if (!r.ok) return { ok: false, error: { code: r.code, message: r.message } };
    return { ok: true, value: r.value };
  },
});
