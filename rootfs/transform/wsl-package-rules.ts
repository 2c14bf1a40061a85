/**
 * Which packages a WSL image must not carry (families, with the reason each is dropped) and
 * which packages it can never lose (protected), for the dependency-aware removal in
 * `dependency-removal.ts`.
 *
 * The family patterns only decide what to look for in a resolved transaction: the conversion
 * then removes the exact packages it found there, never a pattern, so nothing outside the image
 * (a developer's `dnf install gcc`, which needs `kernel-headers`) is ever blocked. Each family
 * lists the packages that share its prefix but are ordinary userland, and stay.
 */

/** A package family dropped by the WSL conversion. */
export interface WslPackageRule {
  /** Glob (`*` any run of characters, `?` one). */
  pattern: string;
  /** Packages the glob matches that are not part of the family and stay. */
  except?: readonly string[];
  /** One line for the parity report. */
  reason: string;
}

/** Checked in order; the first match gives the reason, so narrower patterns come first. */
export const WSL_EXCLUDED_PACKAGES: readonly WslPackageRule[] = [
  {
    pattern: 'kernel-modules*',
    reason: 'modules for the image kernel, which WSL never boots; WSL loads its own kernel and modules',
  },
  {
    pattern: 'kernel*',
    // Userland that only shares the prefix: glibc-devel (so gcc) needs the headers, rpm-build
    // needs the macros, and the tools (perf, cpupower) work on the WSL kernel.
    except: ['kernel-headers', 'kernel-srpm-macros', 'kernel-rpm-macros', 'kernel-tools', 'kernel-tools-libs', 'kernel-tools-libs-devel'],
    reason: 'WSL boots Microsoft\'s WSL kernel; a kernel in the image is never started',
  },
  { pattern: 'grub2*', reason: 'a boot loader tool WSL never uses (WSL starts the distribution without a boot loader)' },
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
  { pattern: 'WALinuxAgent*', reason: 'the Azure VM agent has no VM to manage in WSL' },
  { pattern: 'azure-vm-utils', reason: 'udev rules and tools for Azure VM disks and NICs that do not exist in WSL' },
  {
    pattern: 'hyperv*',
    reason: 'the Hyper-V guest daemons (KVP, VSS, file copy) need host channels WSL does not offer; hypervkvpd fails at boot',
  },
  { pattern: 'dhcpcd', reason: 'WSL configures the network itself; a DHCP client would fight it' },
  { pattern: 'dhcp-client', reason: 'WSL configures the network itself; a DHCP client would fight it' },
  // Only the TPM tools and daemon: tpm2-tss is a library other userland links against.
  { pattern: 'tpm2-tools', reason: 'TPM tools need a TPM device, which WSL does not expose' },
  { pattern: 'tpm2-abrmd*', reason: 'the TPM resource manager needs a TPM device, which WSL does not expose' },
  {
    pattern: 'selinux-policy*',
    reason: 'WSL runs without SELinux; the policy would label files with security.selinux, which WSL1 cannot hold',
  },
];

/**
 * Packages every WSL image needs. When one of them can only be installed with a package the
 * conversion removes, the build stops and names the chain rather than drop it.
 */
export const PROTECTED_PACKAGES: readonly string[] = [
  'filesystem',
  'setup',
  'bash',
  'coreutils',
  'glibc',
  'systemd',
  'util-linux',
  'shadow-utils',
  'passwd',
  'sudo',
  'rpm',
  'dnf',
  'dnf5',
  'tdnf',
  'ca-certificates',
  'wsl-setup',
];

/** The release package (`azurelinux-release*`, `fedora-release*`, `system-release`) is always needed. */
const RELEASE_PACKAGE = /(^|-)release(-[a-z]+)?$/;

/** True when the image cannot do without `packageName`. */
export function isProtectedPackage(packageName: string): boolean {
  return PROTECTED_PACKAGES.includes(packageName) || RELEASE_PACKAGE.test(packageName);
}

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
  for (const { rule, regexp } of COMPILED) {
    if (!regexp.test(packageName)) continue;
    if (rule.except?.includes(packageName)) return undefined;
    return rule;
  }
  return undefined;
}
