/**
 * The WSL distribution name rules, defined once: WSL's own rule (wsl-spec.md §3.4), the names
 * Microsoft's official Azure Linux image uses (wsl-spec.md item 25), and a suggestion of a
 * name that passes both. Used by the install preflight, the CLI and the desktop app.
 */

/** WSL's rule: 1–256 letters, digits, ".", "_" or "-" (and not "legacy", in any case). */
export const DISTRO_NAME_PATTERN = /^[a-zA-Z0-9._-]{1,256}$/;

/** The sentence that says which characters a name may use. */
export const DISTRO_NAME_RULE =
  'A distribution name has 1–256 characters: letters, digits, ".", "_" or "-" (not "legacy", not only dots, not ending in ".", not a Windows device name such as CON or NUL).';

/**
 * Names WSL's pattern lets through that are path tricks once the name becomes a folder (the
 * default install location is `%LOCALAPPDATA%\wsl\<name>`): `.` and `..` (and any run of
 * dots), a trailing dot (Windows drops it, so `Dev.` is the folder `Dev`), and the Windows
 * device names (`NUL`, `CON`, `COM1`…, with or without an extension).
 */
const PATH_TRICK_NAME = /^(\.+|.*\.|(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?)$/i;

/**
 * The names Microsoft's own Azure Linux image registers as: `AzureLinux-4` (wsl-setup's
 * defaultName), `AzureLinux-4.0` (the image's tests) and `AzureLinux-4.0-BETA` (the catalog
 * entry under review). Nothing else is official: `AzureLinux-4-Dev` is anyone's to use.
 */
export const OFFICIAL_DISTRO_NAMES: readonly string[] = ['AzureLinux-4', 'AzureLinux-4.0', 'AzureLinux-4.0-BETA'];

/** The base of the name the app and the CLI suggest (free of the official names). */
export const SUGGESTED_DISTRO_NAME = 'AzureLinux-4-Dev';

/**
 * WSL's own check (LxssUserSession.cpp): the pattern, and not `legacy` in any case. What an
 * image's defaultName, a catalog entry's Name and `wsl --status` output are held to.
 */
export function isWslDistroName(name: string): boolean {
  return DISTRO_NAME_PATTERN.test(name) && name.toLowerCase() !== 'legacy';
}

/** True when WSL accepts `name` as a distribution name and it is safe as a folder name (what we register). */
export function isValidDistroName(name: string): boolean {
  return isWslDistroName(name) && !PATH_TRICK_NAME.test(name);
}

/** The official name `name` is (WSL compares names ignoring case), or undefined. */
export function officialDistroName(name: string): string | undefined {
  return OFFICIAL_DISTRO_NAMES.find((official) => official.toLowerCase() === name.toLowerCase());
}

/**
 * A valid, unofficial name not among `installed` (case-insensitive): `base` itself when it is
 * free, else `base-2`, `base-3`…; an unusable base falls back to SUGGESTED_DISTRO_NAME.
 */
export function suggestDistroName(base: string, installed: readonly string[]): string {
  const taken = new Set(installed.map((name) => name.toLowerCase()));
  const usable = (name: string): boolean => isValidDistroName(name) && !officialDistroName(name) && !taken.has(name.toLowerCase());
  const start = isValidDistroName(base) && !officialDistroName(base) ? base : officialDistroName(base) ? `${officialDistroName(base)}-Dev` : SUGGESTED_DISTRO_NAME;
  if (usable(start)) return start;
  const stem = start.replace(/-\d+$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (usable(candidate)) return candidate;
  }
}
