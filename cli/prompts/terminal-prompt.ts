/**
 * Questions on the terminal: plain answers, hidden passwords (never echoed, never in argv),
 * and yes/no confirmations. Used only when stdin is a TTY; scripts pass flags instead.
 */
import { createInterface } from 'node:readline';
import { MAX_PASSWORD_BYTES } from '../../common/account-rules.js';
import { AzlError, cancelledError } from '../../common/errors.js';

export interface Prompter {
  ask(question: string, defaultAnswer?: string): Promise<string>;
  /** Reads a line without echoing it (raw mode), so a password never shows on screen. */
  askHidden(question: string): Promise<string>;
  confirm(question: string): Promise<boolean>;
}

type TtyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => void };

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = new Set(['\u007f', '\b']);

export function createPrompter(input: TtyInput, write: (text: string) => void): Prompter {
  const ask = (question: string, defaultAnswer?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const lines = createInterface({ input, terminal: false });
      write(defaultAnswer ? `${question} [${defaultAnswer}]: ` : `${question}: `);
      let answered = false;
      lines.once('line', (line) => {
        answered = true;
        lines.close();
        resolve(line.trim() === '' && defaultAnswer !== undefined ? defaultAnswer : line.trim());
      });
      lines.once('close', () => {
        if (!answered) reject(cancelledError('The question'));
      });
    });

  const askHidden = (question: string): Promise<string> =>
    new Promise((resolve, reject) => {
      // Echo goes off before the prompt shows, so nothing typed after it can be echoed.
      input.setRawMode?.(true);
      write(`${question}: `);
      let value = '';
      const finish = (error?: Error): void => {
        input.removeListener('data', onData);
        input.setRawMode?.(false);
        input.pause();
        write('\n');
        if (error) reject(error);
        else resolve(value);
      };
      const onData = (chunk: Buffer | string): void => {
        for (const char of chunk.toString()) {
          if (char === '\r' || char === '\n') return finish();
          if (char === CTRL_C || char === CTRL_D) return finish(cancelledError('The question'));
          if (BACKSPACES.has(char)) value = value.slice(0, -1);
          else value += char;
        }
      };
      input.resume();
      input.on('data', onData);
    });

  return {
    ask,
    askHidden,
    async confirm(question) {
      const answer = await ask(`${question} (y/N)`);
      return /^y(es)?$/i.test(answer);
    },
  };
}

/**
 * Reads stdin as text (for --password-stdin), at most `limit` bytes plus one line ending; one
 * trailing newline is dropped. More than that is refused as soon as it arrives: nothing
 * registers, and a stream of gigabytes is never held in memory.
 */
export async function readAllStdin(input: NodeJS.ReadableStream, limit = MAX_PASSWORD_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    // Room for the password and a CR LF after it.
    if (size > limit + 2) {
      (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new AzlError('PASSWORD_INVALID', `More than ${limit} bytes arrived on stdin; a password can be at most ${limit} bytes long.`, {
        hint: 'Pipe exactly one password line on stdin. Nothing was changed.',
      });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
