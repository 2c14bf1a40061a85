/** Open terminal tabs; the ptys themselves live in main. */
import type { ApiError } from '../../electron/contract/api.js';
import type { SliceCreator } from './store.js';

export interface TerminalTab {
  id: string;
  distro: string;
  exitCode?: number;
}

export interface TerminalsSlice {
  terminals: TerminalTab[];
  activeTerminal?: string;
  terminalError?: ApiError;
  openTerminal(distro: string, cols?: number, rows?: number): Promise<void>;
  closeTerminal(id: string): Promise<void>;
  selectTerminal(id: string): void;
  markTerminalExited(id: string, exitCode: number): void;
}

/** The size a new pty starts with; the view fits it to the panel right after. */
const INITIAL_COLS = 100;
const INITIAL_ROWS = 30;

export const createTerminalsSlice: SliceCreator<TerminalsSlice> = (set, get, api) => ({
  terminals: [],
  async openTerminal(distro, cols = INITIAL_COLS, rows = INITIAL_ROWS) {
    const result = await api.pty.open({ distro, cols, rows });
    if (!result.ok) {
      set({ terminalError: result.error, view: 'terminals' });
      return;
    }
    set((state) => ({ terminals: [...state.terminals, { id: result.value, distro }], activeTerminal: result.value, terminalError: undefined, view: 'terminals' }));
  },
  async closeTerminal(id) {
    const tab = get().terminals.find((candidate) => candidate.id === id);
    if (tab && tab.exitCode === undefined) await api.pty.close(id);
    set((state) => {
      const terminals = state.terminals.filter((candidate) => candidate.id !== id);
      return { terminals, activeTerminal: state.activeTerminal === id ? terminals.at(-1)?.id : state.activeTerminal };
    });
  },
  selectTerminal: (id) => set({ activeTerminal: id }),
  markTerminalExited: (id, exitCode) => set((state) => ({ terminals: state.terminals.map((tab) => (tab.id === id ? { ...tab, exitCode } : tab)) })),
});
