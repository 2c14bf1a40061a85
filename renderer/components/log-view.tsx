/** A job's live log in a read-only xterm (fast with thousands of dnf lines, ANSI colours kept). */
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { useAppStore } from '../state/app-store-context.js';

export function LogView({ jobId }: { jobId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const written = useRef(0);
  const terminal = useRef<Terminal | null>(null);
  const lines = useAppStore((state) => state.jobLogs[jobId]);
  const total = useAppStore((state) => state.jobLogTotals[jobId] ?? 0);

  useEffect(() => {
    const term = new Terminal({ disableStdin: true, convertEol: true, rows: 12, scrollback: 10_000, fontSize: 12 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    terminal.current = term;
    written.current = 0;
    const observer = new ResizeObserver(() => {
      if (host.current && host.current.clientWidth > 0) fit.fit();
    });
    observer.observe(host.current!);
    return () => {
      observer.disconnect();
      term.dispose();
      terminal.current = null;
    };
  }, [jobId]);

  useEffect(() => {
    const term = terminal.current;
    if (!term || !lines) return;
    // The store keeps only the newest lines (as main does): count what is new by the total logged.
    const fresh = lines.slice(Math.max(0, lines.length - (total - written.current)));
    written.current = total;
    if (fresh.length > 0) term.write(fresh.map((line) => (line.stream === 'stderr' ? `\x1b[33m${line.text}\x1b[0m` : line.text)).join('\n') + '\n');
  }, [lines, total]);

  return <div className="log-view" ref={host} role="log" aria-label="Build log" data-testid="job-log" />;
}
