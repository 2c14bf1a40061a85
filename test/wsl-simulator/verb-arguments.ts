/**
 * The option parser wsl.exe's verbs use (`ArgumentParser`, src/shared/inc/CommandLine.h):
 * `--import`, `--install`, `--export`, `-l`, `--manage`, `--shutdown` each declare their
 * options and positionals here, so a new verb is a table, not a parser.
 *
 * Its rules: `--` makes every later argument positional; a lone `-` is a positional; an
 * argument like `-qv` is a run of single-letter flags; a value is the next argument, whatever
 * it looks like; positionals are counted in order. An unknown argument or a missing value is
 * a user error with code `E_INVALIDARG`, printed WITH the code line (`Error code:
 * Wsl/E_INVALIDARG`), unlike the top-level options, which print no code.
 */
import type { WslOutput } from './wsl-output.js';

/** The client-side error path of a verb's argument errors. */
export const CLIENT_INVALID_ARGUMENT = 'Wsl/E_INVALIDARG';

interface NamedOption {
  long?: string;
  short?: string;
  /** Called with the value, or `undefined` for a flag. Throws (via `out`) on a bad value. */
  handle: (value: string | undefined) => void;
  takesValue: boolean;
}

/** A verb's options, declared once, then `parse`d. */
export class VerbArguments {
  private readonly named: NamedOption[] = [];
  private readonly positionals = new Map<number, (value: string) => void>();

  constructor(private readonly out: WslOutput) {}

  /** An option without a value (`--vhd`, `-q`). */
  flag(long: string | undefined, short: string | undefined, set: () => void): this {
    this.named.push({ long, short, takesValue: false, handle: () => set() });
    return this;
  }

  /** An option with a value (`--name N`, `-l LOC`). */
  option(long: string | undefined, short: string | undefined, set: (value: string) => void): this {
    this.named.push({ long, short, takesValue: true, handle: (value) => set(value!) });
    return this;
  }

  /** The `index`-th argument that is not an option (0-based). */
  positional(index: number, set: (value: string) => void): this {
    this.positionals.set(index, set);
    return this;
  }

  /** Parses `args` (the arguments after the verb); unknown or incomplete options fail the call. */
  parse(args: readonly string[]): void {
    let position = 0;
    let stopOptions = false;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (!stopOptions && arg === '--') {
        stopOptions = true;
        continue;
      }
      // `-abc`: a run of single-letter flags (each applied until one letter is unknown).
      if (!stopOptions && /^-[^-].+/.test(arg) && this.flagRun(arg)) continue;
      const isOption = !stopOptions && arg.startsWith('-') && arg.length > 1;
      if (isOption) {
        const option = this.named.find((candidate) => candidate.long === arg || (candidate.short !== undefined && arg === `-${candidate.short}`));
        if (!option) this.out.failWith('invalidCommandLine', CLIENT_INVALID_ARGUMENT, arg, 'wsl.exe');
        if (option.takesValue) {
          const value = args[i + 1];
          if (value === undefined) this.out.failWith('missingArgument', CLIENT_INVALID_ARGUMENT, arg, 'wsl.exe');
          option.handle(value);
          i++;
        } else option.handle(undefined);
        continue;
      }
      const set = this.positionals.get(position);
      if (!set) this.out.failWith('invalidCommandLine', CLIENT_INVALID_ARGUMENT, arg, 'wsl.exe');
      set(arg);
      // The count moves on for every positional except one that starts with `-` (a lone `-`).
      if (!arg.startsWith('-')) position++;
    }
  }

  /** Applies `-abc` as -a -b -c when every letter is a known flag; false when one is not. */
  private flagRun(arg: string): boolean {
    for (const letter of arg.slice(1)) {
      const option = this.named.find((candidate) => candidate.short === letter);
      if (!option) return false;
      // WSL calls value options here too, with no value, and ignores what they say.
      if (option.takesValue) continue;
      option.handle(undefined);
    }
    return true;
  }
}
