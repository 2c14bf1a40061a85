/**
 * The systemd units WSL discourages and where their enable links live, as Microsoft's validator
 * (validate-modern.py) reads them. One list, used by the validator and by the build step that
 * masks whatever a package left enabled.
 */

/** Units WSL discourages: they fight WSL's own networking, /tmp, consoles or Hyper-V glue. */
export const DISCOURAGED_UNITS: ReadonlySet<string> = new Set([
  'systemd-resolved.service',
  'systemd-networkd.service',
  'systemd-networkd-wait-online.service',
  'systemd-tmpfiles-setup.service',
  'systemd-tmpfiles-clean.service',
  'systemd-tmpfiles-clean.timer',
  'systemd-tmpfiles-setup-dev.service',
  'systemd-tmpfiles-setup-dev-early.service',
  'systemd-vconsole-setup.service',
  'tmp.mount',
  'NetworkManager.service',
  'NetworkManager-wait-online.service',
  'console-getty.service',
  'networking.service',
  'hypervkvpd.service',
]);

/**
 * Discouraged units a WSL image still needs running: WSLg creates its socket links through
 * systemd-tmpfiles (Azure Linux's own WSL preset keeps them), so they are never masked. Where a
 * package enables them the validator's warning stays and says why.
 */
export const UNITS_KEPT_FOR_WSLG: ReadonlySet<string> = new Set([
  'systemd-tmpfiles-setup.service',
  'systemd-tmpfiles-clean.service',
  'systemd-tmpfiles-clean.timer',
]);

/** Folders whose `*.target.wants/` links enable a unit (no leading slash, as archive paths are kept). */
export const UNIT_DIRS: readonly string[] = ['usr/local/lib/systemd/system', 'usr/lib/systemd/system', 'etc/systemd/system'];

/** The discouraged unit a path enables (`<unit dir>/<x>.target.wants/<unit>`), or undefined. */
export function discouragedUnitEnabledBy(path: string): string | undefined {
  const dir = UNIT_DIRS.find((folder) => path.startsWith(folder + '/'));
  if (!dir) return undefined;
  const rest = path.slice(dir.length + 1).split('/');
  if (rest.length !== 2 || !rest[0]!.endsWith('.target.wants')) return undefined;
  return DISCOURAGED_UNITS.has(rest[1]!) ? rest[1] : undefined;
}
