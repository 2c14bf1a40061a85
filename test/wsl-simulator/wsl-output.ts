/**
 * How wsl.exe writes its own text: UTF-16LE without BOM and CRLF line ends (`_O_U16TEXT`),
 * or UTF-8 with CRLF when WSL_UTF8 is exactly "1". Messages and errors go to stdout; progress
 * only to a terminal on stderr; warnings to stderr as `wsl: …`. Linux programs' output never
 * passes through here: it is relayed raw.
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { WslConfigWarning } from '../../common/wsl-config-file.js';
import { configWarningText, message, type MessageId } from './messages.js';
import { usageText } from './usage-text.js';
import type { SimulatorSettings } from './simulator-settings.js';

/**
 * wsl.exe fails with -1 (0xFFFFFFFF; Node on Windows reports 4294967295). A Linux process can
 * only exit 0–255, so the simulator exits 255: drivers must treat 255, -1 and 4294967295 alike.
 */
export const WSL_FAILURE_EXIT = 255;

/** Thrown to end the invocation with an exit code once everything has been written. */
export class WslExit extends Error {
  constructor(readonly exitCode: number) {
    super(`wsl.exe exits ${exitCode}`);
  }
}

/** Writes all of `data` to a file descriptor, waiting out EAGAIN on non-blocking pipes. */
export function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return;
      throw error;
    }
  }
}

/** wsl.exe's text channel for one invocation. */
export class WslOutput {
  constructor(readonly settings: SimulatorSettings) {}

  /** Encodes wsl.exe-authored text exactly as wsl.exe would put it on the wire. */
  encode(text: string): Buffer {
    const crlf = text.replace(/\r?\n/g, '\r\n');
    return this.settings.utf8 ? Buffer.from(crlf, 'utf8') : Buffer.from(crlf, 'utf16le');
  }

  /** A localized message by id. */
  text(id: MessageId, ...inserts: Array<string | number>): string {
    return message(id, this.settings.locale, this.settings.wording, ...inserts);
  }

  /** One or more lines of wsl.exe text on stdout. */
  line(text: string): void {
    writeAll(1, this.encode(`${text}\n`));
  }

  /** `The operation completed successfully. ` (trailing space) + CRLF. */
  success(): void {
    this.line(this.text('success'));
  }

  /**
   * Prints `<msg>\r\nError code: <path>\r\n` (MessageErrorCode) and fails with -1; without a
   * path just the message, as wsl.exe does for WSL_E_INVALID_USAGE, WSL_E_DEFAULT_DISTRO_NOT_FOUND
   * and for the errors it prints itself before returning -1.
   */
  fail(text: string, errorCodePath?: string): never {
    this.line(errorCodePath === undefined ? text : this.text('errorCode', text, errorCodePath));
    throw new WslExit(WSL_FAILURE_EXIT);
  }

  /** WSL_E_INVALID_USAGE: the (localized) usage text, no code line, -1. */
  failUsage(): never {
    return this.fail(usageText(this.settings.locale));
  }

  /** The usage text in this locale. */
  usage(): string {
    return usageText(this.settings.locale);
  }

  /** A wsl.conf / wsl-distribution.conf warning in this locale. */
  configWarning(warning: WslConfigWarning): string {
    return configWarningText(warning, this.settings.locale, this.settings.wording);
  }

  /** Like `fail` with a catalogue message. */
  failWith(id: MessageId, errorCodePath: string | undefined, ...inserts: Array<string | number>): never {
    return this.fail(this.text(id, ...inserts), errorCodePath);
  }

  /** A `wsl: …` warning on stderr, unless WSL_DISABLE_WARNINGS=1. */
  warn(text: string): void {
    if (this.settings.warningsDisabled) return;
    writeAll(2, this.encode(`wsl: ${text}\n`));
  }

  /** Progress text: only when stderr is a terminal, as wsl.exe does. */
  progress(id: MessageId): void {
    if (isatty(2)) writeAll(2, this.encode(`${this.text(id)}\n`));
  }

  /** Output of a Linux program (or the Linux side of WSL): bytes unchanged. */
  relayStdout(data: Buffer | string): void {
    writeAll(1, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  relayStderr(data: Buffer | string): void {
    writeAll(2, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
}
