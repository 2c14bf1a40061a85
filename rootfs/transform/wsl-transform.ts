/**
 * Turns a cloud or container build plan into a WSL build plan, recording every change in the
 * parity report (azure-linux-profiles.md, "Turning a cloud profile into a WSL image").
 *
 * Everything not named here stays identical to the source plan: repositories, release
 * version, the other packages in their order, files, overlays, scripts, users, locale. That
 * sameness is the product, so the rules below are a closed list.
 */
import { FIRST_USER_UID } from '../../common/account-rules.js';
import { WSL_TRANSFORM } from '../../common/source-location.js';
import type { BuildPlan, FileSpec, FinishStep, PackageRef, ScriptSpec } from '../plan/build-plan.js';
import type { ParityEntry, ParityReport } from './parity-report.js';
import { FIRST_RUN_SCRIPT_PATH } from './first-run-script.js';
import {
  ICON_PATH,
  TERMINAL_PROFILE_PATH,
  WSL_CONF_PATH,
  WSL_DISTRIBUTION_CONF_PATH,
  ownWslFiles,
} from './own-wsl-files.js';
import { WSL_EXCLUDED_PACKAGES, wslExclusionFor } from './wsl-package-rules.js';
import { WSL_MASKED_UNITS } from './wsl-unit-rules.js';

/** What the plan's repositories offer (the builder asks dnf). */
export interface PackageAvailability {
  has(name: string): boolean;
}

export interface WslTransformResult {
  plan: BuildPlan;
  parity: ParityReport;
}

const WSL_IMAGE_TYPE = 'wsl';
const WSL_SETUP_PACKAGE = 'wsl-setup';
/**
 * Release packages of the other image kinds (`azurelinux-release-cloud`, `-container`, and
 * Fedora's `fedora-release-cloud`…); each `Conflicts:` with its `-release-wsl` sibling.
 */
const SWAPPABLE_RELEASE_PACKAGE = /^(.+-release)-(cloud|container)$/;
const WSL_RELEASE_PACKAGE = /-release-wsl$/;

/** The WSL sibling of a cloud or container release package, e.g. azurelinux-release-wsl. */
export function wslReleaseFor(name: string): string | undefined {
  const match = SWAPPABLE_RELEASE_PACKAGE.exec(name);
  return match ? `${match[1]}-wsl` : undefined;
}

/** Why cloud files and scripts are dropped; matched on the destination (files) or file name (scripts). */
const CLOUD_FILE_RULES: ReadonlyArray<{ matches: (file: FileSpec) => boolean; reason: string }> = [
  {
    matches: (file) => file.to === '/etc/cloud' || file.to.startsWith('/etc/cloud/'),
    reason: 'cloud-init configuration; cloud-init is not part of the WSL image',
  },
  {
    matches: (file) => file.to === '/etc/chrony.conf',
    reason: 'the cloud chrony config reads the Hyper-V PTP clock (/dev/ptp_hyperv), which WSL does not expose; chrony keeps its packaged config',
  },
];
const CLOUD_SCRIPT_RULES: ReadonlyArray<{ name: string; reason: string }> = [
  {
    name: 'configure-systemd-networkd.sh',
    reason: 'it writes a systemd-networkd config for the VM\'s NIC; WSL configures the network itself',
  },
];

/** Units that only exist with a removed package; enabling them would fail the build. */
const UNITS_OF_REMOVED_PACKAGES: ReadonlyArray<{ unit: RegExp; pkg: string }> = [
  { unit: /^cloud-(init|init-local|config|final)(\.service)?$/, pkg: 'cloud-init' },
  { unit: /^waagent(\.service)?$/, pkg: 'WALinuxAgent' },
  { unit: /^hyperv(kvpd|vssd|fcopyd)(\.service)?$/, pkg: 'hyperv-daemons' },
];

/** Why each of our own WSL files is added (repositories without wsl-setup). */
const OWN_FILE_REASONS: Record<string, string> = {
  [WSL_CONF_PATH]: 'turns on systemd in WSL ([boot] systemd=true)',
  [WSL_DISTRIBUTION_CONF_PATH]: 'names the distribution, its first-run command, icon and Terminal profile',
  [FIRST_RUN_SCRIPT_PATH]: 'creates the first account (uid 1000, wheel) with a password at first launch',
  [ICON_PATH]: 'the Start-menu and Terminal icon',
  [TERMINAL_PROFILE_PATH]: 'the Windows Terminal profile template',
};

/** True for plans whose image type is already `wsl` (the 4.0 `wsl` profile, Fedora WSL-Base). */
export function isWslPlan(plan: BuildPlan): boolean {
  return plan.imageType.value === WSL_IMAGE_TYPE;
}

function scriptName(script: ScriptSpec): string {
  return script.path.split('/').pop() ?? script.path;
}

/**
 * Derives the WSL plan from `plan`. A plan that already describes a WSL image is returned as
 * it is: its own packages and config.sh do the work, and the report says it builds unchanged.
 */
export function toWslPlan(plan: BuildPlan, available: PackageAvailability): WslTransformResult {
  const parityBase = { sourceProfile: plan.profileName, sourceImageType: plan.imageType.value };
  if (isWslPlan(plan)) {
    return { plan, parity: { ...parityBase, transformed: false, entries: [] } };
  }

  const out: BuildPlan = structuredClone(plan);
  const entries: ParityEntry[] = [];
  const record = (entry: ParityEntry): void => {
    entries.push(entry);
  };

  // 1. Packages that cannot work or are dead weight in WSL.
  const removedNames = new Set<string>();
  const dropExcluded = (refs: PackageRef[]): PackageRef[] =>
    refs.filter((ref) => {
      const rule = wslExclusionFor(ref.name);
      if (!rule) return true;
      removedNames.add(ref.name);
      record({ action: 'removed-package', subject: ref.name, reason: rule.reason, source: ref.source });
      return false;
    });
  out.packages.bootstrap = dropExcluded(out.packages.bootstrap);
  out.packages.image = dropExcluded(out.packages.image);
  // Removing a package that is never installed would fail after config.sh.
  const dropNeverInstalled = (refs: PackageRef[], what: string): PackageRef[] =>
    refs.filter((ref) => {
      if (!wslExclusionFor(ref.name)) return true;
      record({
        action: 'note',
        subject: ref.name,
        reason: `dropped from the ${what} list: the WSL image never installs it`,
        source: ref.source,
      });
      return false;
    });
  out.packages.uninstall = dropNeverInstalled(out.packages.uninstall, 'uninstall');
  out.packages.delete = dropNeverInstalled(out.packages.delete, 'delete');
  const ignored = new Set(out.packages.ignore.map((ref) => ref.name));
  const excludes = WSL_EXCLUDED_PACKAGES.map((rule) => rule.pattern).filter((pattern) => !ignored.has(pattern));
  for (const pattern of excludes) out.packages.ignore.push({ name: pattern, source: WSL_TRANSFORM });
  if (excludes.length > 0) {
    record({
      action: 'note',
      subject: 'package excludes',
      reason: `dnf excludes ${excludes.join(', ')}, so dependencies (e.g. of meta-packages) cannot pull them back in`,
    });
  }

  // 2. The release package: the WSL variant sets VARIANT_ID=wsl and applies the WSL unit rules.
  const swapRelease = (refs: PackageRef[]): void => {
    for (const ref of refs) {
      const wslRelease = wslReleaseFor(ref.name);
      if (!wslRelease) continue;
      if (available.has(wslRelease)) {
        record({
          action: 'swapped-package',
          subject: ref.name,
          replacement: wslRelease,
          reason: 'the WSL release package sets VARIANT_ID=wsl and applies the WSL systemd unit rules',
          source: ref.source,
        });
        ref.name = wslRelease;
      } else {
        record({
          action: 'note',
          subject: ref.name,
          reason: `kept: the repositories have no ${wslRelease}, so the WSL unit rules are applied by masking units`,
          source: ref.source,
        });
      }
    }
  };
  swapRelease(out.packages.bootstrap);
  swapRelease(out.packages.image);
  const installed = [...out.packages.bootstrap, ...out.packages.image];
  const installsWslRelease = installed.some((ref) => WSL_RELEASE_PACKAGE.test(ref.name));
  if (!installsWslRelease && !installed.some((ref) => wslReleaseFor(ref.name))) {
    record({
      action: 'note',
      subject: 'release package',
      reason: 'the profile\'s own release package stays (no *-release-wsl package is installed), so os-release has no VARIANT_ID=wsl',
    });
  }

  // 3. Cloud files and scripts.
  out.files = out.files.filter((file) => {
    const rule = CLOUD_FILE_RULES.find((candidate) => candidate.matches(file));
    if (!rule) return true;
    record({ action: 'removed-file', subject: file.to, reason: rule.reason, source: file.source });
    return false;
  });
  out.scripts = out.scripts.filter((script) => {
    const rule = CLOUD_SCRIPT_RULES.find((candidate) => candidate.name === scriptName(script));
    if (!rule) return true;
    record({ action: 'removed-script', subject: scriptName(script), reason: rule.reason, source: script.source });
    return false;
  });
  out.services = out.services.filter((service) => {
    const owner = UNITS_OF_REMOVED_PACKAGES.find((candidate) => candidate.unit.test(service.unit));
    if (!owner || !removedNames.has(owner.pkg) || service.action !== 'enable') return true;
    record({
      action: 'changed-setting',
      subject: `enable ${service.unit}`,
      reason: `dropped: the unit comes from ${owner.pkg}, which is not installed`,
      source: service.source,
    });
    return false;
  });
  if (removedNames.has('cloud-init')) {
    record({
      action: 'note',
      subject: 'azl_user',
      reason: 'the cloud image\'s default user is created by cloud-init at first VM boot; in WSL the first-run setup creates the account instead',
    });
  }

  // 4. WSL behaviour: wsl-setup when the repositories have it, else our own files.
  const finish: FinishStep[] = [];
  if (available.has(WSL_SETUP_PACKAGE)) {
    if (!out.packages.image.some((ref) => ref.name === WSL_SETUP_PACKAGE)) {
      out.packages.image.push({ name: WSL_SETUP_PACKAGE, source: WSL_TRANSFORM });
      record({
        action: 'added-package',
        subject: WSL_SETUP_PACKAGE,
        reason: 'ships wsl.conf, wsl-distribution.conf, the first-run account setup and the icon',
      });
    }
  } else {
    const release = plan.releaseVersion.value;
    const steps = ownWslFiles({ distroName: `AzureLinux-${release}`, releaseVersion: release });
    for (const step of steps) {
      if (step.kind !== 'write-file' && step.kind !== 'copy-file') continue;
      record({ action: 'added-file', subject: step.path, reason: OWN_FILE_REASONS[step.path] ?? 'WSL integration file' });
    }
    finish.push(...steps);
  }

  // 5. Unit rules, unless the release package applies them itself.
  if (!installsWslRelease) {
    for (const rule of WSL_MASKED_UNITS) {
      finish.push({ kind: 'mask-unit', unit: rule.unit, source: WSL_TRANSFORM });
      record({ action: 'masked-unit', subject: rule.unit, reason: rule.reason });
    }
  }

  // 6. What every WSL image needs (Fedora's WSL config.sh does the same).
  const always: Array<{ step: FinishStep; entry: ParityEntry }> = [
    {
      step: { kind: 'lock-root', source: WSL_TRANSFORM },
      entry: { action: 'changed-setting', subject: 'root password', replacement: 'locked', reason: 'no password hash ships in /etc/shadow; the first-run account uses sudo' },
    },
    {
      step: { kind: 'machine-id-uninitialized', source: WSL_TRANSFORM },
      entry: { action: 'changed-setting', subject: '/etc/machine-id', replacement: 'uninitialized', reason: 'each installed distribution gets its own machine id at first boot' },
    },
    {
      step: { kind: 'remove-path', path: '/etc/resolv.conf', source: WSL_TRANSFORM },
      entry: { action: 'removed-file', subject: '/etc/resolv.conf', reason: 'WSL generates it at start (network.generateResolvConf)' },
    },
    {
      step: { kind: 'strip-boot-fstab', source: WSL_TRANSFORM },
      entry: { action: 'changed-setting', subject: '/etc/fstab', replacement: 'no boot entries', reason: 'WSL mounts the root itself; boot and EFI partitions do not exist' },
    },
  ];
  for (const { step, entry } of always) {
    finish.push(step);
    record(entry);
  }
  out.finish = [...out.finish, ...finish];

  // 7. Settings.
  record({
    action: 'changed-setting',
    subject: 'image type',
    replacement: WSL_IMAGE_TYPE,
    reason: `was \`${plan.imageType.value}\`; a WSL image is a gzip tar of the root filesystem`,
    source: plan.imageType.source,
  });
  out.imageType = { value: WSL_IMAGE_TYPE, source: WSL_TRANSFORM };
  if (!out.bundleFormat) {
    const bundle = `AzureLinux-${plan.releaseVersion.value.split('.')[0]}-%A`;
    out.bundleFormat = { value: bundle, source: WSL_TRANSFORM };
    record({
      action: 'changed-setting',
      subject: 'bundle format',
      replacement: bundle,
      reason: 'the profile names no WSL bundle; this follows the 4.0 wsl profile',
    });
  }
  for (const user of out.users) {
    if (user.uid === FIRST_USER_UID) {
      record({
        action: 'note',
        subject: user.name,
        reason: 'this profile user has uid 1000, so the first-run setup finds an account and creates none',
        source: user.source,
      });
    }
  }

  return { plan: out, parity: { ...parityBase, transformed: true, entries } };
}
