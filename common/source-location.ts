/** Where a plan item came from, so a report can point at the exact line of a profile. */
export interface SourceLocation {
  /** Path of the file as the user would recognise it (relative to the description folder when inside it). */
  file: string;
  /** 1-based line; 0 when the item has no line (a command-line option, a built-in rule). */
  line: number;
}

/** Items that come from the command line rather than a profile file. */
export const COMMAND_LINE: SourceLocation = Object.freeze({ file: '<command line>', line: 0 });

/** Items the WSL transform adds by rule. */
export const WSL_TRANSFORM: SourceLocation = Object.freeze({ file: '<wsl transform>', line: 0 });

export function formatLocation(location: SourceLocation): string {
  return location.line > 0 ? `${location.file}:${location.line}` : location.file;
}
