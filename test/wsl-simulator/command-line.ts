/**
 * wsl.exe receives one Windows command line; on Linux the simulator receives argv. The
 * command part is rebuilt the way Node/libuv quotes arguments for CreateProcess on Windows
 * (`quote_cmd_arg`), so `<shell> -c "<raw text>"` sees what real WSL would hand to the shell.
 */

/** Quotes one argument like libuv's quote_cmd_arg. */
export function quoteWindowsArgument(arg: string): string {
  if (arg === '') return '""';
  if (!/[ \t"]/.test(arg)) return arg;
  if (!/["\\]/.test(arg)) return `"${arg}"`;
  let result = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') result += '\\'.repeat(backslashes * 2 + 1) + '"';
    else result += '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  return result + '\\'.repeat(backslashes * 2) + '"';
}

/** The raw command-line text wsl.exe would see for these arguments. */
export function joinWindowsCommandLine(args: readonly string[]): string {
  return args.map(quoteWindowsArgument).join(' ');
}
