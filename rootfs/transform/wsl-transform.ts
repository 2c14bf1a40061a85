/**
 * Turns a cloud or container build plan into a WSL build plan, recording every change in the
 * parity report (azure-linux-profiles.md, "Turning a cloud profile into a WSL image").
 *
 * Everything not named here stays identical to the source plan: repositories, release
 * version, the other packages in their order, files, overlays, scripts, users, locale. That
 * sameness is the product, so the rules below are a closed list, one function each, applied in
 * order by `toWslPlan`. Which packages leave is decided beforehand by the package manager's
 * solver (`dependency-removal.ts`, fed by `wslPackageRequest`); this module applies that
 * decision and explains it.
 */
import { FIRST_USER_UID } from '../../common/account-rules.js';
import { WSL_TRANSFORM } from '../../common/source-location.js';
import type { BuildPlan, FileSpec, FinishStep, PackageRef, ScriptSpec } from '../plan/build-plan.js';
import type { TransactionPackage } from '../build/dnf-transaction.js';
import type { ParityEntry, ParityReport } from './parity-report.js';
import type { RemovalResult, RemovedPackage, RequestedPackage } from './dependency-removal.js';
import { FIRST_RUN_SCRIPT_PATH } from './first-run-script.js';
import { ICON_PATH, TERMINAL_PROFILE_PATH, WSL_CONF_PATH, WSL_DISTRIBUTION_CONF_PATH, ownWslFiles } from './own-wsl-files.js';
import { wslExclusionFor } from './wsl-package-rules.js';
import { WSL_MASKED_UNITS } from './wsl-unit-rules.js';
import { usesKiwiReleaseFallback } from '../plan/build-plan.js';

/** What the plan's repositories offer (the builder asks dnf). */
export interface PackageAvailability {
  has(name: string): boolean;
}

/** What the package manager found out about the plan before the conversion. */
export interface WslConversionFacts {
  available: PackageAvailability;
  /** The dependency-aware removal run on `wslPackageRequest(plan, available)`. */
  removals: RemovalResult;
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
/** A distribution's release package in a transaction (its version is the distribution's). */
const RELEASE_PACKAGE = /^(azurelinux|fedora|mariner)-release(-[a-z]+)?$/;

/** The WSL sibling of a cloud or container release package, e.g. azurelinux-release-wsl. */
export function wslReleaseFor(name: string): string | undefined {
  const match = SWAPPABLE_RELEASE_PACKAGE.exec(name);
  return match ? `${match[1]}-wsl` : undefined;
}

/** Hyper-V PTP clock pieces of the cloud chrony setup, by destination. */
const PTP_CLOCK_REASON = 'the Hyper-V PTP clock (/dev/ptp_hyperv) does not exist in WSL';

/** KIWI hooks that only run while KIWI builds a disk (they must not ship in a root file system). */
const KIWI_DISK_HOOKS = new Set(['fstab.script', 'fstab.append', 'fstab.patch', 'disk.sh', 'edit_boot_config.sh', 'edit_boot_install.sh', 'pre_disk_sync.sh']);
const KIWI_DISK_HOOK_REASON = 'a KIWI hook for disk images (KIWI runs it on the disk\'s fstab and boot files); a WSL image has no disk, so it is not shipped';

/** Why cloud files are dropped; matched on the destination. */
const CLOUD_FILE_RULES: ReadonlyArray<{ matches: (to: string) => boolean; reason: string }> = [
  {
    matches: (to) => to === '/etc/cloud' || to.startsWith('/etc/cloud/'),
    reason: 'cloud-init configuration; cloud-init is not part of the WSL image',
  },
  {
    matches: (to) => to === '/etc/chrony.conf',
    reason: 'the cloud chrony config reads the Hyper-V PTP clock (/dev/ptp_hyperv), which does not exist in WSL; chrony keeps its packaged config',
  },
  {
    matches: (to) => /^\/etc\/systemd\/system\/chronyd\.service\.d\/.*ptp/.test(to),
    reason: `makes chronyd wait for dev-ptp_hyperv.device, which never appears in WSL: ${PTP_CLOCK_REASON}, so chronyd would never start`,
  },
  {
    matches: (to) => /^\/(etc|usr\/lib)\/udev\/rules\.d\/.*ptp-hyperv/.test(to),
    reason: `names the Hyper-V PTP clock device for chrony; ${PTP_CLOCK_REASON}`,
  },
  { matches: (to) => KIWI_DISK_HOOKS.has(to.split('/').pop() ?? ''), reason: KIWI_DISK_HOOK_REASON },
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

/** The release package a cloud or container plan is swapped to, when the repositories have it. */
function swappedName(name: string, available: PackageAvailability): string {
  const wslRelease = wslReleaseFor(name);
  return wslRelease && available.has(wslRelease) ? wslRelease : name;
}

/**
 * The packages the WSL image asks the solver for, before dependency-aware removal: the profile's
 * bootstrap and image packages with the release package swapped and wsl-setup added, the same
 * way `toWslPlan` applies them.
 */
export function wslPackageRequest(plan: BuildPlan, available: PackageAvailability): RequestedPackage[] {
  const request: RequestedPackage[] = [...plan.packages.bootstrap, ...plan.packages.image].map((ref) => ({
    name: swappedName(ref.name, available),
    source: ref.source,
  }));
  if (available.has(WSL_SETUP_PACKAGE) && !request.some((ref) => ref.name === WSL_SETUP_PACKAGE)) request.push({ name: WSL_SETUP_PACKAGE });
  return request;
}

/** Mutable state shared by the rules of one conversion. */
interface Conversion {
  plan: BuildPlan;
  source: BuildPlan;
  facts: WslConversionFacts;
  entries: ParityEntry[];
  finish: FinishStep[];
  removedNames: Set<string>;
}

/**
 * Derives the WSL plan from `plan`. A plan that already describes a WSL image is returned as
 * it is: its own packages and config.sh do the work, and the report says it builds unchanged.
 */
export function toWslPlan(plan: BuildPlan, facts: WslConversionFacts): WslTransformResult {
  const parityBase = { sourceProfile: plan.profileName, sourceImageType: plan.imageType.value };
  if (isWslPlan(plan)) return { plan, parity: { ...parityBase, transformed: false, entries: [] } };

  const conversion: Conversion = {
    plan: structuredClone(plan),
    source: plan,
    facts,
    entries: [],
    finish: [],
    removedNames: new Set(facts.removals.removed.map((entry) => entry.name)),
  };
  swapReleasePackage(conversion);
  applyRemovals(conversion);
  dropCloudFilesAndScripts(conversion);
  dropUnitsOfRemovedPackages(conversion);
  const systemd = installsSystemd(facts.removals.transaction);
  addWslIntegration(conversion, systemd);
  maskDiscouragedUnits(conversion, systemd);
  addWslState(conversion);
  setImageSettings(conversion);
  conversion.plan.finish = [...conversion.plan.finish, ...conversion.finish];
  return { plan: conversion.plan, parity: { ...parityBase, transformed: true, entries: conversion.entries } };
}

/** 1. The release package: the WSL variant sets VARIANT_ID=wsl and applies the WSL unit rules. */
function swapReleasePackage({ plan, facts, entries }: Conversion): void {
  for (const refs of [plan.packages.bootstrap, plan.packages.image]) {
    for (const ref of refs) {
      const wslRelease = wslReleaseFor(ref.name);
      if (!wslRelease) continue;
      if (facts.available.has(wslRelease)) {
        entries.push({
          action: 'swapped-package',
          subject: ref.name,
          replacement: wslRelease,
          reason: 'the WSL release package sets VARIANT_ID=wsl and applies the WSL systemd unit rules',
          source: ref.source,
        });
        ref.name = wslRelease;
      } else {
        entries.push({
          action: 'note',
          subject: ref.name,
          reason: `kept: the repositories have no ${wslRelease}, so the WSL unit rules are applied by masking units`,
          source: ref.source,
        });
      }
    }
  }
  // Both lists may name the release package (bootstrap and image): keep the report to one line each.
  dedupeEntries(entries);
}

/** 2. Packages that cannot work or are dead weight in WSL, and the ones that exist only to serve them. */
function applyRemovals(conversion: Conversion): void {
  const { plan, facts, entries, removedNames } = conversion;
  const byName = new Map(facts.removals.removed.map((entry) => [entry.name, entry] as const));
  const expandedByName = new Map(facts.removals.expanded.map((entry) => [entry.name, entry] as const));
  const keep = (refs: PackageRef[]): PackageRef[] =>
    refs.flatMap((ref) => {
      const expansion = expandedByName.get(ref.name);
      if (expansion) return expansion.into.filter((name) => !removedNames.has(name.split(/\s+/)[0]!)).map((name) => ({ name, source: ref.source }));
      return removedNames.has(ref.name) ? [] : [ref];
    });
  plan.packages.bootstrap = dedupeRefs(keep(plan.packages.bootstrap));
  plan.packages.image = dedupeRefs(keep(plan.packages.image));
  for (const removed of facts.removals.removed) {
    entries.push({ action: 'removed-package', subject: removed.name, reason: removalReason(removed, byName), ...(removed.source ? { source: removed.source } : {}) });
  }
  for (const expansion of facts.removals.expanded) {
    const blocked = expansion.without.map((name) => `\`${name}\``).join(', ');
    entries.push({
      action: 'removed-package',
      subject: expansion.name,
      reason:
        `a meta-package (it owns no files) that requires ${blocked}, which WSL removes; ` +
        `its other ${expansion.into.length} requirements are installed directly instead, so nothing else changes`,
      ...(expansion.source ? { source: expansion.source } : {}),
    });
  }
  // Removing a package that is never installed would fail after config.sh.
  const dropNeverInstalled = (refs: PackageRef[], what: string): PackageRef[] =>
    refs.filter((ref) => {
      if (!removedNames.has(ref.name) && !wslExclusionFor(ref.name)) return true;
      entries.push({ action: 'note', subject: ref.name, reason: `dropped from the ${what} list: the WSL image never installs it`, source: ref.source });
      return false;
    });
  plan.packages.uninstall = dropNeverInstalled(plan.packages.uninstall, 'uninstall');
  plan.packages.delete = dropNeverInstalled(plan.packages.delete, 'delete');
  // Exact names, so the build's dependency resolution cannot pull one back in; nothing is
  // written into the image, so the finished distribution can still install any of them.
  const ignored = new Set(plan.packages.ignore.map((ref) => ref.name));
  for (const name of removedNames) if (!ignored.has(name)) plan.packages.ignore.push({ name, source: WSL_TRANSFORM });
  if (removedNames.size > 0) {
    entries.push({
      action: 'note',
      subject: 'package excludes',
      reason: `the build excludes exactly ${[...removedNames].join(', ')}; nothing is excluded in the finished distribution`,
    });
  }
}

/** One line of why a package leaves: its family's reason, or the chain to a removed package. */
export function removalReason(removed: RemovedPackage, byName: ReadonlyMap<string, RemovedPackage>, depth = 0): string {
  const pulled = removed.pulledInBy
    ? ` (a dependency of \`${removed.pulledInBy}\`)`
    : removed.source
      ? ''
      : ' (pulled in as a dependency; the profile does not name it)';
  if (removed.rule) return `${removed.rule.reason}${pulled}`;
  const { requirement, provider } = removed.requires ?? { requirement: '?', provider: '?' };
  const target = byName.get(provider);
  const providerNote = provider !== requirement.split(/\s+/)[0] ? ` (provided by \`${provider}\`)` : '';
  const why = target && depth < 8 ? removalReason(target, byName, depth + 1) : 'it is removed too';
  return `it requires \`${requirement}\`${providerNote}, which WSL removes: ${why}${pulled}`;
}

/** 3. Cloud files, KIWI disk hooks and cloud scripts. */
function dropCloudFilesAndScripts({ plan, entries, finish }: Conversion): void {
  plan.files = plan.files.filter((file: FileSpec) => {
    const rule = CLOUD_FILE_RULES.find((candidate) => candidate.matches(file.to));
    if (!rule) return true;
    entries.push({ action: 'removed-file', subject: file.to, reason: rule.reason, source: file.source });
    return false;
  });
  plan.scripts = plan.scripts.filter((script) => {
    const rule = CLOUD_SCRIPT_RULES.find((candidate) => candidate.name === scriptName(script));
    if (!rule) return true;
    entries.push({ action: 'removed-script', subject: scriptName(script), reason: rule.reason, source: script.source });
    return false;
  });
  // Overlay folders are copied whole; a disk hook placed by one is removed after the copy.
  for (const hook of ['/etc/fstab.script', '/etc/fstab.append', '/etc/fstab.patch']) {
    finish.push({ kind: 'remove-path', path: hook, source: WSL_TRANSFORM });
  }
}

/** 4. Services the profile enables that come from removed packages. */
function dropUnitsOfRemovedPackages({ plan, entries, removedNames }: Conversion): void {
  plan.services = plan.services.filter((service) => {
    const owner = UNITS_OF_REMOVED_PACKAGES.find((candidate) => candidate.unit.test(service.unit));
    if (!owner || !removedNames.has(owner.pkg) || service.action !== 'enable') return true;
    entries.push({
      action: 'changed-setting',
      subject: `enable ${service.unit}`,
      reason: `dropped: the unit comes from ${owner.pkg}, which is not installed`,
      source: service.source,
    });
    return false;
  });
  if (removedNames.has('cloud-init')) {
    entries.push({
      action: 'note',
      subject: 'azl_user',
      reason: 'the cloud image\'s default user is created by cloud-init at first VM boot; in WSL the first-run setup creates the account instead',
    });
  }
}

function installsSystemd(transaction: readonly TransactionPackage[]): boolean {
  return transaction.some((pkg) => pkg.name === 'systemd');
}

/** 5. WSL behaviour: wsl-setup when the repositories have it, else our own files; systemd only where it is installed. */
function addWslIntegration(conversion: Conversion, systemd: boolean): void {
  const { plan, facts, entries, finish } = conversion;
  const noSystemd = 'this profile installs no systemd (a container profile), and WSL would fail to start a systemd that is not there';
  const systemdReason = systemd ? 'turns on systemd in WSL ([boot] systemd=true)' : `says [boot] systemd=false: ${noSystemd}`;
  if (facts.available.has(WSL_SETUP_PACKAGE)) {
    if (!plan.packages.image.some((ref) => ref.name === WSL_SETUP_PACKAGE)) {
      plan.packages.image.push({ name: WSL_SETUP_PACKAGE, source: WSL_TRANSFORM });
      entries.push({ action: 'added-package', subject: WSL_SETUP_PACKAGE, reason: 'ships wsl.conf, wsl-distribution.conf, the first-run account setup and the icon' });
    }
    if (!systemd) {
      finish.push({ kind: 'set-boot-systemd', enabled: false, source: WSL_TRANSFORM });
      entries.push({ action: 'changed-setting', subject: `${WSL_CONF_PATH} [boot] systemd`, replacement: 'false', reason: noSystemd });
    }
    return;
  }
  const release = effectiveReleaseVersion(conversion.source, facts.removals.transaction);
  const steps = ownWslFiles({ distroName: `AzureLinux-${release}`, releaseVersion: release, systemd });
  for (const step of steps) {
    if (step.kind !== 'write-file' && step.kind !== 'copy-file') continue;
    const reason = step.path === WSL_CONF_PATH ? systemdReason : (OWN_FILE_REASONS[step.path] ?? 'WSL integration file');
    entries.push({ action: 'added-file', subject: step.path, reason });
  }
  finish.push(...steps);
}

/** 6. Units WSL discourages: the static list where no WSL release package applies it, and any found enabled after install. */
function maskDiscouragedUnits({ plan, entries, finish }: Conversion, systemd: boolean): void {
  const installsWslRelease = [...plan.packages.bootstrap, ...plan.packages.image].some((ref) => WSL_RELEASE_PACKAGE.test(ref.name));
  // Without systemd no unit ever starts: masking would only add links nobody reads.
  if (!installsWslRelease && systemd) {
    if (![...plan.packages.bootstrap, ...plan.packages.image].some((ref) => wslReleaseFor(ref.name))) {
      entries.push({
        action: 'note',
        subject: 'release package',
        reason: 'the profile\'s own release package stays (no *-release-wsl package is installed), so os-release has no VARIANT_ID=wsl',
      });
    }
    for (const rule of WSL_MASKED_UNITS) {
      finish.push({ kind: 'mask-unit', unit: rule.unit, source: WSL_TRANSFORM });
      entries.push({ action: 'masked-unit', subject: rule.unit, reason: rule.reason });
    }
  }
  // Packages ship enable links of their own (…/system/*.wants/); WSL's validator reads those too.
  finish.push({ kind: 'mask-enabled-discouraged-units', source: WSL_TRANSFORM });
}

/** 7. What every WSL image needs (Fedora's WSL config.sh does the same). */
function addWslState({ entries, finish }: Conversion): void {
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
    entries.push(entry);
  }
}

/** 8. Image type, file name, release version and profile users. */
function setImageSettings(conversion: Conversion): void {
  const { plan, source, entries, facts } = conversion;
  entries.push({
    action: 'changed-setting',
    subject: 'image type',
    replacement: WSL_IMAGE_TYPE,
    reason: `was \`${source.imageType.value}\`; a WSL image is a gzip tar of the root filesystem`,
    source: source.imageType.source,
  });
  plan.imageType = { value: WSL_IMAGE_TYPE, source: WSL_TRANSFORM };
  const release = effectiveReleaseVersion(source, facts.removals.transaction);
  if (usesKiwiReleaseFallback(source) && release !== source.releaseVersion.value) {
    entries.push({
      action: 'note',
      subject: 'release version',
      reason: `the profile sets no release-version, so dnf ran with KIWI's fallback ${source.releaseVersion.value}; the image's release package says ${release}, which names the image`,
    });
  }
  if (!plan.bundleFormat) {
    // The profile's name is part of it, so a converted profile never overwrites the WSL profile's
    // image (AzureLinux-4-%A) or another converted profile built into the same folder.
    const bundle = `${distributionPrefix(facts.removals.transaction)}-${release.split('.')[0]}-${plan.profileName}-%A`;
    plan.bundleFormat = { value: bundle, source: WSL_TRANSFORM };
    entries.push({
      action: 'changed-setting',
      subject: 'bundle format',
      replacement: bundle,
      reason: 'the profile names no WSL bundle; the image file is named like the 4.0 wsl profile\'s, with the source profile added',
    });
  }
  for (const user of plan.users) {
    if (user.uid === FIRST_USER_UID) {
      entries.push({
        action: 'note',
        subject: user.name,
        reason: 'this profile user has uid 1000, so the first-run setup finds an account and creates none',
        source: user.source,
      });
    }
  }
}

/** The release version that names the image: the profile's, or its release package's when the profile sets none. */
export function effectiveReleaseVersion(plan: BuildPlan, transaction: readonly TransactionPackage[]): string {
  if (!usesKiwiReleaseFallback(plan)) return plan.releaseVersion.value;
  const release = transaction.find((pkg) => RELEASE_PACKAGE.test(pkg.name));
  const version = release?.evr.replace(/^\d+:/, '').split('-')[0];
  return version || plan.releaseVersion.value;
}

function distributionPrefix(transaction: readonly TransactionPackage[]): string {
  return transaction.some((pkg) => pkg.name.startsWith('fedora-release')) ? 'Fedora' : 'AzureLinux';
}

function dedupeRefs(refs: PackageRef[]): PackageRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => (seen.has(ref.name) ? false : (seen.add(ref.name), true)));
}

function dedupeEntries(entries: ParityEntry[]): void {
  const seen = new Set<string>();
  for (let index = 0; index < entries.length; index++) {
    const key = `${entries[index]!.action}\0${entries[index]!.subject}\0${entries[index]!.replacement ?? ''}`;
    if (seen.has(key)) entries.splice(index--, 1);
    else seen.add(key);
  }
}
