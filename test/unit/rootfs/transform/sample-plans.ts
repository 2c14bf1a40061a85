// Plausible build plans for the transform tests, built directly (no profile parsing), so a
// failure here is the transform's and not a reader's.
import type { BuildPlan, PackageRef } from '../../../../rootfs/plan/build-plan.js';
import { isWslPlan, toWslPlan, wslPackageRequest, type PackageAvailability, type WslTransformResult } from '../../../../rootfs/transform/wsl-transform.js';
import { resolveWslRemovals } from '../../../../rootfs/transform/dependency-removal.js';
import { tableSolver, type TablePackage } from './table-solver.js';

const VM_XML = 'teams/cloud/vm-base.xml';

function refs(names: string[], file: string, firstLine: number): PackageRef[] {
  return names.map((name, i) => ({ name, source: { file, line: firstLine + i } }));
}

/** The 4.0 `marketplace-gen2`-like VM plan: kernel, cloud-init, agent, cloud files and script. */
export function cloudPlan(): BuildPlan {
  return {
    format: 'kiwi',
    profilePath: '/profiles/base/images/AzureLinux.kiwi',
    descriptionDir: '/profiles/base/images',
    imageName: 'marketplace-gen2',
    activeProfiles: ['marketplace-gen2', 'BootableCore', 'CloudCore', 'PackageManagement'],
    profileName: 'marketplace-gen2',
    imageType: { value: 'oem', source: { file: VM_XML, line: 3 } },
    releaseVersion: { value: '4.0', source: { file: 'AzureLinux.kiwi', line: 9 } },
    arch: 'x86_64',
    packageManager: { value: 'dnf5', source: { file: 'AzureLinux.kiwi', line: 8 } },
    locale: { value: 'en_US', source: { file: 'AzureLinux.kiwi', line: 10 } },
    timezone: { value: 'UTC', source: { file: 'AzureLinux.kiwi', line: 11 } },
    hostname: { value: 'azurelinux', source: { file: 'AzureLinux.kiwi', line: 12 } },
    rpmExcludeDocs: { value: false, source: { file: 'AzureLinux.kiwi', line: 13 } },
    installWeakDeps: true,
    repositories: [
      {
        alias: 'azurelinux-base',
        url: 'https://packages.microsoft.com/azurelinux/4.0/beta/base/x86_64',
        gpgKeys: ['file:///etc/pki/rpm-gpg/RPM-GPG-KEY-azurelinux-4.0-primary'],
        priority: 10,
        source: { file: 'repositories/base.xml', line: 2 },
      },
    ],
    packages: {
      bootstrap: refs(['azurelinux-release-cloud', 'bash', 'coreutils', 'dnf5', 'rpm'], 'components/common.xml', 20),
      image: refs(
        [
          'acl', 'bash-completion', 'kernel', 'kernel-modules', 'grub2-efi-binary', 'shim', 'efibootmgr', 'dracut',
          'linux-firmware', 'microcode_ctl', 'curl', 'cloud-init', 'cloud-utils-growpart', 'WALinuxAgent',
          'azure-vm-utils', 'hyperv-daemons', 'dhcpcd', 'tpm2-tools', 'selinux-policy-targeted', 'sudo', 'chrony',
          'openssh-server', 'man-db', 'systemd',
        ],
        VM_XML,
        10,
      ),
      uninstall: [],
      delete: [{ name: 'kernel-devel', source: { file: VM_XML, line: 60 } }],
      ignore: [{ name: 'plymouth', source: { file: VM_XML, line: 61 } }],
    },
    files: [
      { from: '/profiles/base/images/files/cloud.cfg', to: '/etc/cloud/cloud.cfg.d/10-azure.cfg', mode: 0o644, source: { file: VM_XML, line: 40 } },
      { from: '/profiles/base/images/files/chrony.cfg', to: '/etc/chrony.conf', mode: 0o644, source: { file: VM_XML, line: 41 } },
      { from: '/profiles/base/images/files/motd', to: '/etc/motd', mode: 0o644, source: { file: VM_XML, line: 42 } },
    ],
    overlays: [{ dir: '/profiles/base/images/root', source: { file: 'AzureLinux.kiwi', line: 1 } }],
    scripts: [
      { kind: 'post-install', path: '/profiles/base/images/scripts/configure-systemd-networkd.sh', args: [], env: {}, source: { file: VM_XML, line: 50 } },
      { kind: 'config-sh', path: '/profiles/base/images/config.sh', args: [], env: { kiwi_profiles: 'marketplace-gen2' }, source: { file: 'AzureLinux.kiwi', line: 1 } },
    ],
    users: [{ name: 'svc', uid: 990, secondaryGroups: [], password: 'none', sshPublicKeyPaths: [], source: { file: VM_XML, line: 70 } }],
    groups: [{ name: 'svc', source: { file: VM_XML, line: 71 } }],
    services: [
      { unit: 'cloud-init.service', action: 'enable', source: { file: VM_XML, line: 80 } },
      { unit: 'sshd.service', action: 'enable', source: { file: VM_XML, line: 81 } },
    ],
    removeRpmDb: false,
    finish: [],
    ignored: [{ field: 'type@firmware', reason: 'WSL has no firmware', source: { file: VM_XML, line: 3 } }],
  };
}

/** The 4.0 `wsl` leaf profile's plan: already a WSL image. */
export function wslPlan(): BuildPlan {
  const plan = cloudPlan();
  plan.imageName = 'wsl';
  plan.profileName = 'wsl';
  plan.activeProfiles = ['wsl', 'PackageManagement', 'WslCore'];
  plan.imageType = { value: 'wsl', source: { file: 'teams/wsl.xml', line: 8 } };
  plan.bundleFormat = { value: 'AzureLinux-4-%A', source: { file: 'teams/wsl.xml', line: 8 } };
  plan.packages = {
    bootstrap: refs(['azurelinux-release-wsl', 'bash', 'coreutils', 'dnf5', 'dnf5-plugins', 'rpm'], 'teams/wsl.xml', 20),
    image: refs(['acl', 'sudo', 'systemd-networkd', 'systemd-resolved', 'wsl-setup'], 'teams/wsl.xml', 10),
    uninstall: [],
    delete: [],
    ignore: [],
  };
  plan.files = [];
  plan.scripts = [plan.scripts[1]];
  plan.services = [];
  return plan;
}

/** Availability backed by a name list (what the builder's dnf query would answer). */
export function offering(...names: string[]): PackageAvailability {
  const set = new Set(names);
  return { has: (name) => set.has(name) };
}

/** Runs the real dependency-aware removal over an in-memory repository, then the transform. */
export async function convert(plan: BuildPlan, available: PackageAvailability, repository: Record<string, TablePackage> = {}): Promise<WslTransformResult> {
  const removals = isWslPlan(plan) ? { removed: [], expanded: [], transaction: [], rounds: 0 } : await resolveWslRemovals(wslPackageRequest(plan, available), tableSolver(repository));
  return toWslPlan(plan, { available, removals });
}
