/**
 * A writer that remembers whether its output ends at the start of a line, so the CLI can make
 * every output end with a newline (a shell prompt never lands after the last word), whatever
 * the command printed last. A progress line cleared with `\r ESC[2K` counts as ended.
 */

/** Clears the terminal line the cursor is on (the progress renderer's live line). */
export const CLEAR_LINE = '\r\x1b[2K';

export interface LineWriter {
  (text: string): void;
  /** Writes a newline unless the output is empty or already ends with one. */
  endLine(): void;
}

export function lineWriter(write: (text: string) => void): LineWriter {
  let atLineStart = true;
  const writer = ((text: string) => {
    if (text.length === 0) return;
    write(text);
    atLineStart = text.endsWith('\n') || text.endsWith(CLEAR_LINE);
  }) as LineWriter;
  writer.endLine = () => {
    if (!atLineStart) write('\n');
    atLineStart = true;
  };
  return writer;
}
