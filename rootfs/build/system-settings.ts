/**
 * The plan's system settings, applied the way KIWI does before config.sh: locale
 * (`/etc/locale.conf`), timezone (`/etc/localtime` link), hostname (`/etc/hostname`) and unit
 * enable/disable/mask (the links `systemctl enable` would make, written without systemd,
 * which the build host may not have). Every path is resolved inside the root.
 */
import { lstat, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AzlError, throwIfAborted } from '../../common/errors.js';
import { formatLocation } from '../../common/source-location.js';
import type { BuildPlan, ServiceSpec } from '../plan/build-plan.js';
import { ensureImageDir } from './overlays.js';
import { resolveInRoot } from './root-path.js';
import { writeImageFile } from './finish-steps.js';

/** Where unit files live in an image, in systemd's search order. */
const UNIT_DIRS = ['/etc/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system'];

/** KIWI's `en_US` means the UTF-8 locale; a value with a charset is kept as it is. */
export function localeConf(locale: string): string {
  return `LANG=${locale.includes('.') ? locale : `${locale}.UTF-8`}\n`;
}

/** The `WantedBy=`/`RequiredBy=` targets in a unit's [Install] section. */
export function installTargets(unitText: string): { wants: string[]; requires: string[] } {
  const wants: string[] = [];
  const requires: string[] = [];
  let section = '';
  for (const raw of unitText.split('\n')) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1];
    else if (section === 'Install') {
      const match = /^(WantedBy|RequiredBy)\s*=\s*(.*)$/.exec(line);
      if (match) (match[1] === 'WantedBy' ? wants : requires).push(...match[2].split(/\s+/).filter(Boolean));
    }
  }
  return { wants, requires };
}

async function readUnit(root: string, unit: string): Promise<{ dir: string; text: string } | undefined> {
  for (const dir of UNIT_DIRS) {
    const path = await resolveInRoot(root, `${dir}/${unit}`, { followLast: true, what: `unit ${unit}` });
    try {
      return { dir, text: await readFile(path, 'utf8') };
    } catch {}
  }
  return undefined;
}

async function replaceWithLink(path: string, target: string): Promise<void> {
  const existing = await lstat(path).catch(() => undefined);
  if (existing) await rm(path, { recursive: existing.isDirectory(), force: true });
  await symlink(target, path);
}

async function applyService(root: string, service: ServiceSpec): Promise<void> {
  const what = `${service.action} ${service.unit} (${formatLocation(service.source)})`;
  const etc = await ensureImageDir(root, '/etc/systemd/system', what);
  if (service.action === 'mask') {
    await replaceWithLink(join(etc, service.unit), '/dev/null');
    return;
  }
  if (service.action === 'disable') {
    // Remove every enablement link in /etc (the admin's layer); vendor links stay, as with systemctl.
    for (const entry of await readdir(etc, { withFileTypes: true })) {
      if (entry.isDirectory() && /\.(wants|requires)$/.test(entry.name)) await rm(join(etc, entry.name, service.unit), { force: true });
    }
    return;
  }
  const unit = await readUnit(root, service.unit);
  if (!unit) {
    throw new AzlError('PROFILE_INVALID', `Cannot enable ${service.unit}: no such unit in the image (${formatLocation(service.source)}).`, {
      hint: 'Install the package that ships the unit, or drop it from the profile.',
    });
  }
  const targets = installTargets(unit.text);
  for (const [kind, list] of [['wants', targets.wants], ['requires', targets.requires]] as const) {
    for (const target of list) {
      const dir = await ensureImageDir(root, `/etc/systemd/system/${target}.${kind}`, what);
      await replaceWithLink(join(dir, service.unit), `${unit.dir}/${service.unit}`);
    }
  }
}

/** Applies locale, timezone, hostname and services from the plan. */
/** rpm's macro folder inside an image. */
const RPM_MACROS_DIR = '/usr/lib/rpm/macros.d';

/**
 * The rpm macro files the profile's own builder leaves in the image, so `dnf install` inside
 * the finished distribution filters docs and locales as the cloud image does: the toolkit
 * writes one file per setting (DisableRpmDocs, OverrideRpmLocales), KIWI one image config file.
 */
export function imageRpmMacroFiles(plan: BuildPlan): Array<{ path: string; content: string }> {
  const header = '# Written at image build time from the image profile (azl-wsl builds what the profile\'s builder would).\n';
  const excludeDocs = Boolean(plan.rpmExcludeDocs?.value) && (plan.rpmExcludeDocs?.source.line ?? 0) > 0;
  if (plan.format === 'toolkit-json') {
    const files: Array<{ path: string; content: string }> = [];
    if (excludeDocs) files.push({ path: `${RPM_MACROS_DIR}/macros.installercustomizations_disable_docs`, content: `${header}%_excludedocs 1\n` });
    if (plan.installLangs) files.push({ path: `${RPM_MACROS_DIR}/macros.installercustomizations_customize_locales`, content: `${header}%_install_langs ${plan.installLangs.value}\n` });
    return files;
  }
  const lines = [...(excludeDocs ? ['%_excludedocs 1'] : []), ...(plan.installLangs ? [`%_install_langs ${plan.installLangs.value}`] : [])];
  return lines.length === 0 ? [] : [{ path: `${RPM_MACROS_DIR}/macros.kiwi-image-config`, content: `${header}${lines.join('\n')}\n` }];
}

export async function applySystemSettings(root: string, plan: BuildPlan, signal?: AbortSignal): Promise<void> {
  if (plan.locale) await writeImageFile(root, '/etc/locale.conf', localeConf(plan.locale.value), 0o644, 'locale');
  if (plan.timezone) {
    const zone = plan.timezone.value;
    if (!/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
      throw new AzlError('PROFILE_INVALID', `"${zone}" is not a timezone name (${formatLocation(plan.timezone.source)}).`, { hint: 'Use a name such as UTC or Europe/Paris.' });
    }
    const etc = await ensureImageDir(root, '/etc', 'timezone');
    await replaceWithLink(join(etc, 'localtime'), `../usr/share/zoneinfo/${zone}`);
  }
  if (plan.hostname) await writeImageFile(root, '/etc/hostname', `${plan.hostname.value}\n`, 0o644, 'hostname');
  for (const file of imageRpmMacroFiles(plan)) await writeImageFile(root, file.path, file.content, 0o644, 'rpm macros');
  for (const service of plan.services) {
    throwIfAborted(signal, 'The build');
    await applyService(root, service);
  }
}
