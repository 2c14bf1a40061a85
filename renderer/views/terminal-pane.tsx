/**
 * One terminal tab: xterm.js bound to a pty in main. Drawn output is acknowledged so main can
 * pause a pty that runs ahead of the screen; copy and paste use Ctrl+Shift+C / Ctrl+Shift+V.
 */
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { attachPty } from '../components/pty-events.js';
import { writeSlices } from '../components/write-slices.js';
import { useApi, useAppStore } from '../state/app-store-context.js';
import type { TerminalTab } from '../state/terminals-slice.js';

/**
 * Acknowledge in chunks rather than per tiny write: fewer messages, same flow control. Below a
 * write slice, so during a burst every drawn slice is acknowledged at once.
 */
const ACK_BATCH_CHARS = 5_000;

export function TerminalPane({ tab, active }: { tab: TerminalTab; active: boolean }) {
  const api = useApi();
  const markExited = useAppStore((state) => state.markTerminalExited);
  const host = useRef<HTMLDivElement>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const termRef = useRef<Terminal | null>(null);

  useEffect(() => {
    const term = new Terminal({ cursorBlink: true, scrollback: 5000, fontSize: 13, allowProposedApi: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    termRef.current = term;
    fitRef.current = fit;
    let unacknowledged = 0;
    const acknowledge = (chars: number) => {
      unacknowledged += chars;
      if (unacknowledged >= ACK_BATCH_CHARS) {
        void api.pty.ack(tab.id, unacknowledged);
        unacknowledged = 0;
      }
    };
    // Small bursts never reach the batch size; acknowledge what is left once the screen is idle.
    const idleAck = setInterval(() => {
      if (unacknowledged > 0) {
        void api.pty.ack(tab.id, unacknowledged);
        unacknowledged = 0;
      }
    }, 250);
    const detach = attachPty(tab.id, {
      data: (data) => {
        for (const slice of writeSlices(data)) term.write(slice, () => acknowledge(slice.length));
      },
      exit: (exitCode) => {
        term.write(`\r\n\x1b[2m[process exited with code ${exitCode}]\x1b[0m\r\n`);
        markExited(tab.id, exitCode);
      },
    });
    const input = term.onData((data) => void api.pty.write(tab.id, data));
    const resize = term.onResize(({ cols, rows }) => void api.pty.resize(tab.id, cols, rows));
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      // preventDefault: Chromium's own Ctrl+Shift+V ("paste as plain text") would fire a native
      // paste event that xterm handles too, pasting everything twice.
      if (event.code === 'KeyC') {
        event.preventDefault();
        const selection = term.getSelection();
        if (selection) void navigator.clipboard.writeText(selection);
        return false;
      }
      if (event.code === 'KeyV') {
        event.preventDefault();
        void navigator.clipboard.readText().then((text) => term.paste(text));
        return false;
      }
      return true;
    });
    // Fit whenever the pane's box changes: a window resize, or the view shown again after the
    // window changed size while it was hidden (a hidden pane cannot be measured).
    const observer = new ResizeObserver(() => {
      if (host.current && host.current.clientWidth > 0) fit.fit();
    });
    observer.observe(host.current!);
    return () => {
      observer.disconnect();
      clearInterval(idleAck);
      detach();
      input.dispose();
      resize.dispose();
      term.dispose();
      termRef.current = null;
    };
  }, [api, tab.id, markExited]);

  useEffect(() => {
    if (!active) return;
    fitRef.current?.fit();
    termRef.current?.focus();
  }, [active]);

  return (
    <div className="terminal-pane" id={`terminal-panel-${tab.id}`} hidden={!active} role="tabpanel" aria-labelledby={`terminal-tab-${tab.id}`} data-testid="terminal" data-terminal-id={tab.id}>
      <div className="terminal-host" ref={host} />
    </div>
  );
}
