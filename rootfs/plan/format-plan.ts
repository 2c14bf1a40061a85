/** Human-readable build plan for `azl-wsl plan`: every fact with the file:line it came from. */
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import { PACKAGE_SET_NAMES, type BuildPlan, type FinishStep, type Sourced } from './build-plan.js';

/** Renders `plan` as indented text, one fact per line, ending with a newline. */
export function formatPlan(plan: BuildPlan): string {
  const lines: string[] = [];
  const at = (source: SourceLocation): string => `  (${formatLocation(source)})`;
  const setting = (label: string, value: Sourced<string | boolean> | undefined): void => {
    if (value) lines.push(`  ${label.padEnd(18)}${String(value.value)}${at(value.source)}`);
  };
  const section = (title: string, count: number): void => {
    lines.push('', `${title} (${count})`);
  };

  lines.push(`Image ${plan.imageName} from ${plan.profilePath}`);
  lines.push(`  format            ${plan.format === 'kiwi' ? 'KIWI description' : 'Azure Linux toolkit image config'}`);
  if (plan.activeProfiles.length > 0) lines.push(`  profile           ${plan.profileName} (active: ${plan.activeProfiles.join(', ')})`);
  else lines.push(`  profile           ${plan.profileName}`);
  lines.push(`  architecture      ${plan.arch}`);
  setting('image type', plan.imageType);
  setting('bundle format', plan.bundleFormat);
  setting('release version', plan.releaseVersion);
  setting('package manager', plan.packageManager);
  setting('locale', plan.locale);
  setting('timezone', plan.timezone);
  setting('hostname', plan.hostname);
  setting('exclude docs', plan.rpmExcludeDocs);
  setting('locale filtering', plan.rpmLocaleFiltering);
  setting('install langs', plan.installLangs);
  lines.push(`  weak dependencies ${plan.installWeakDeps ? 'installed (plusRecommended)' : 'not installed'}`);
  if (plan.removeRpmDb) lines.push('  rpm database      removed at the end');

  section('Repositories', plan.repositories.length);
  for (const repository of plan.repositories) {
    const details = [repository.sourceType && repository.sourceType !== 'baseurl' ? repository.sourceType : '', repository.priority === undefined ? '' : `priority ${repository.priority}`, ...repository.gpgKeys.map((key) => `key ${key}`)].filter(Boolean);
    lines.push(`  ${repository.alias}: ${repository.url}${details.length ? ` [${details.join(', ')}]` : ''}${at(repository.source)}`);
  }

  for (const name of PACKAGE_SET_NAMES) {
    const refs = plan.packages[name];
    if (refs.length === 0) continue;
    section(`Packages: ${name}`, refs.length);
    for (const ref of refs) lines.push(`  ${ref.name}${ref.arch ? ` [${ref.arch}]` : ''}${at(ref.source)}`);
  }

  if (plan.files.length > 0) {
    section('Files', plan.files.length);
    for (const file of plan.files) {
      lines.push(`  ${file.to} ← ${file.from}${file.mode === undefined ? '' : ` mode ${file.mode.toString(8).padStart(4, '0')}`}${at(file.source)}`);
    }
  }
  if (plan.overlays.length > 0) {
    section('Overlays', plan.overlays.length);
    for (const overlay of plan.overlays) lines.push(`  ${overlay.dir}${overlay.profile ? ` (profile ${overlay.profile})` : ' (all profiles)'}`);
  }
  if (plan.scripts.length > 0) {
    section('Scripts', plan.scripts.length);
    for (const script of plan.scripts) {
      const env = Object.entries(script.env).map(([key, value]) => `${key}=${value}`);
      lines.push(`  ${script.kind}: ${[script.path, ...script.args].join(' ')}${env.length ? ` with ${env.join(' ')}` : ''}${at(script.source)}`);
    }
  }
  if (plan.groups.length > 0) {
    section('Groups', plan.groups.length);
    for (const group of plan.groups) lines.push(`  ${group.name}${group.gid === undefined ? '' : ` gid ${group.gid}`}${at(group.source)}`);
  }
  if (plan.users.length > 0) {
    section('Users', plan.users.length);
    for (const user of plan.users) {
      const facts = [
        user.uid === undefined ? '' : `uid ${user.uid}`,
        user.primaryGroup ? `group ${user.primaryGroup}` : '',
        user.secondaryGroups.length ? `groups ${user.secondaryGroups.join(',')}` : '',
        user.shell ? `shell ${user.shell}` : '',
        `password ${user.password === 'none' ? 'not set' : user.password === 'hashed' ? 'hashed (from the profile)' : 'plain text in the profile'}`,
      ].filter(Boolean);
      lines.push(`  ${user.name}: ${facts.join(', ')}${at(user.source)}`);
    }
  }
  if (plan.services.length > 0) {
    section('Services', plan.services.length);
    for (const service of plan.services) lines.push(`  ${service.action} ${service.unit}${service.reason ? `: ${service.reason}` : ''}${at(service.source)}`);
  }
  if (plan.finish.length > 0) {
    section('Finishing steps', plan.finish.length);
    for (const step of plan.finish) lines.push(`  ${describeFinishStep(step)}${at(step.source)}`);
  }
  if (plan.ignored.length > 0) {
    section('Ignored for WSL', plan.ignored.length);
    for (const field of plan.ignored) lines.push(`  ${field.field}: ${field.reason}${at(field.source)}`);
  }
  return lines.join('\n') + '\n';
}

function describeFinishStep(step: FinishStep): string {
  switch (step.kind) {
    case 'write-file':
      return `write ${step.path} (mode ${step.mode.toString(8).padStart(4, '0')})`;
    case 'copy-file':
      return `copy ${step.from} to ${step.path} (mode ${step.mode.toString(8).padStart(4, '0')})`;
    case 'remove-path':
      return `remove ${step.path}`;
    case 'mask-unit':
      return `mask ${step.unit}`;
    case 'lock-root':
      return 'lock the root password';
    case 'machine-id-uninitialized':
      return 'set /etc/machine-id to "uninitialized"';
    case 'strip-boot-fstab':
      return 'remove boot entries from /etc/fstab';
    case 'set-boot-systemd':
      return `set [boot] systemd=${step.enabled} in /etc/wsl.conf`;
    case 'mask-enabled-discouraged-units':
      return 'mask every unit WSL discourages that a package left enabled';
  }
}
