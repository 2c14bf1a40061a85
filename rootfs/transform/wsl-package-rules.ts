/**
 * Packages a WSL image must not carry, with the reason each one is dropped. The patterns are
 * globs in dnf's `--exclude` syntax, so the same text removes a package from the plan and keeps
 * dependencies (meta-packages such as `core-packages-base-image`) from pulling it back in.
 */

/** A package pattern dropped by the WSL transform. */
export interface WslPackageRule {
  /** Glob as dnf `--exclude` reads it (`*` any run of characters). */
  pattern: string;
  /** One line for the parity report. */
  reason: string;
}

/** Checked in order; the first match gives the reason, so narrower patterns come first. */
export const WSL_EXCLUDED_PACKAGES: readonly WslPackageRule[] = [
  {
    pattern: 'kernel-modules*',
    reason: 'modules for the image kernel, which WSL never boots; WSL loads its own kernel and modules',
  },
  { pattern: 'kernel*', reason: 'WSL boots Microsoft\'s WSL kernel; a kernel in the image is never started' },
  { pattern: 'grub2*', reason: 'WSL starts the distribution without a bootloader' },
  { pattern: 'shim*', reason: 'the Secure Boot shim only matters to UEFI firmware, which a WSL distribution never meets' },
  { pattern: 'efibootmgr', reason: 'it edits UEFI boot entries, and WSL has no UEFI firmware' },
  { pattern: 'dracut*', reason: 'it builds initramfs images for a kernel WSL never boots' },
  { pattern: '*-firmware', reason: 'device firmware for hardware WSL does not expose to the distribution' },
  { pattern: 'microcode_ctl', reason: 'CPU microcode is loaded by the Windows host, not by a WSL distribution' },
  {
    pattern: 'cloud-init',
    reason: 'its Azure datasource probes the metadata service and stalls boot; its config creates an unexpected azl_user',
  },
  { pattern: 'cloud-utils-growpart', reason: 'it grows a VM\'s root partition; WSL sizes its own virtual disk' },
  { pattern: 'WALinuxAgent', reason: 'the Azure VM agent has no VM to manage in WSL' },
  { pattern: 'azure-vm-utils', reason: 'udev rules and tools for Azure VM disks and NICs that do not exist in WSL' },
  {
    pattern: 'hyperv-daemons',
    reason: 'the Hyper-V guest daemons (KVP, VSS, file copy) need host channels WSL does not offer; hypervkvpd fails at boot',
  },
  { pattern: 'dhcpcd', reason: 'WSL configures the network itself; a DHCP client would fight it' },
  { pattern: 'tpm2-*', reason: 'TPM tools need a TPM device, which WSL does not expose' },
  {
    pattern: 'selinux-policy*',
    reason: 'WSL runs without SELinux; the policy would label files with security.selinux, which WSL1 cannot hold',
  },
];

/** Turns a dnf glob into an anchored regular expression (only `*` and `?` are special). */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

const COMPILED = WSL_EXCLUDED_PACKAGES.map((rule) => ({ rule, regexp: globToRegExp(rule.pattern) }));

/** The rule that drops `packageName` from a WSL image, or undefined when the package stays. */
export function wslExclusionFor(packageName: string): WslPackageRule | undefined {
  return COMPILED.find(({ regexp }) => regexp.test(packageName))?.rule;
}
