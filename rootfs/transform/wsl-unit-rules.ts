/**
 * The systemd units a WSL image masks when its release package does not do it
 * (`azurelinux-release-wsl` applies the same rules in its preset and `%post`).
 *
 * `systemd-tmpfiles-setup` and `systemd-tmpfiles-clean` are deliberately absent: WSLg needs
 * them to create its socket links (Azure Linux's own WSL preset keeps them), and Azure Linux's
 * `systemd` ships them static, so WSL's validator has no enabled link to warn about.
 */

/** A unit to mask, with the reason shown in the parity report. */
export interface WslUnitRule {
  unit: string;
  reason: string;
}

export const WSL_MASKED_UNITS: readonly WslUnitRule[] = [
  { unit: 'systemd-networkd.service', reason: 'WSL configures the network itself; networkd would take the interface down' },
  { unit: 'systemd-networkd-wait-online.service', reason: 'waits for networkd, which is masked, and delays boot' },
  { unit: 'systemd-resolved.service', reason: 'WSL generates /etc/resolv.conf itself (network.generateResolvConf)' },
  { unit: 'systemd-vconsole-setup.service', reason: 'a WSL distribution has no virtual console to set up' },
  { unit: 'tmp.mount', reason: 'a tmpfs over /tmp would hide the WSLg X11 socket WSL places there' },
  { unit: 'systemd-tmpfiles-setup-dev.service', reason: 'WSL populates /dev itself; static device nodes would conflict' },
  {
    unit: 'systemd-tmpfiles-setup-dev-early.service',
    reason: 'WSL populates /dev itself; static device nodes would conflict',
  },
  { unit: 'console-getty.service', reason: 'WSL opens its own terminal sessions; a console login would compete for it' },
  { unit: 'NetworkManager.service', reason: 'WSL configures the network itself' },
  { unit: 'NetworkManager-wait-online.service', reason: 'waits for NetworkManager, which is masked, and delays boot' },
  { unit: 'hypervkvpd.service', reason: 'the Hyper-V KVP channel does not exist in WSL; the daemon fails at boot' },
];
