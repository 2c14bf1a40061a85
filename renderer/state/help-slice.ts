/** Help → Save diagnostics: main writes the bundle (secrets redacted); this keeps where it went. */
import type { ApiError, DiagnosticsSaved } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface HelpSlice {
  diagnostics?: { state: 'saving' } | { state: 'saved'; saved: DiagnosticsSaved } | { state: 'failed'; error: ApiError };
  saveDiagnostics(): Promise<void>;
  dismissDiagnostics(): void;
}

export const createHelpSlice: SliceCreator<HelpSlice> = (set, get, api) => ({
  async saveDiagnostics() {
    if (get().diagnostics?.state === 'saving') return;
    set({ diagnostics: { state: 'saving' } });
    const result = await api.diagnostics.save();
    set({ diagnostics: result.ok ? { state: 'saved', saved: result.value } : { state: 'failed', error: result.error } });
  },
  dismissDiagnostics() {
    set({ diagnostics: undefined });
  },
});
