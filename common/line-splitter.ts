/**
 * Program output as whole lines, for every place that logs or parses a program's output while it
 * runs (dnf, rpm, profile scripts, the builder's job runner, a distribution's dnf).
 *
 * Pipes deliver arbitrary chunks: a line may straddle two reads and a UTF-8 character may be cut
 * between them. The splitter keeps the unfinished line and the cut character (a `StringDecoder`)
 * until the rest arrives, and `end()` hands over a last line that has no newline.
 */
import { StringDecoder } from 'node:string_decoder';

export interface LineSplitterOptions {
  /**
   * Also end a line at a lone `\r` (progress bars that redraw one line, as dnf's do). Without
   * it, only `\n` ends a line; a `\r` before it is dropped either way.
   */
  carriageReturn?: boolean;
}

/** Splits a byte stream into lines; `push` each chunk as it comes, `end` once the stream ends. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly options: LineSplitterOptions = {},
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const separator = this.options.carriageReturn ? /\r\n|\n|\r(?!$)/g : /\r?\n/g;
    let start = 0;
    for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
      this.onLine(text.slice(start, match.index));
      start = match.index + match[0].length;
    }
    this.pending = text.slice(start);
  }

  /** Hands over the last line when the output did not end with a newline. */
  end(): void {
    this.pending += this.decoder.end();
    const last = this.pending.replace(/\r$/, '');
    this.pending = '';
    if (last !== '') this.onLine(last);
  }
}
