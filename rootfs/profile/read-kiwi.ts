/**
 * Reads a KIWI-NG description (Azure Linux 4.0, Fedora) into a `BuildPlan`.
 *
 * Only what a root file system needs is implemented. Anything else is either recorded in
 * `plan.ignored` with a reason (disk, boot and container settings that mean nothing for WSL)
 * or refused with `PROFILE_UNSUPPORTED` naming the element, file and line: an element the
 * reader does not understand is never dropped silently.
 */
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import { createBuildPlan, emptyPackageSets, KIWI_RELEASE_FALLBACK, type BuildPlan, type FileSpec, type IgnoredField, type OverlaySpec, type PackageRef, type RepositorySourceType, type RepositorySpec, type ScriptSpec, type Sourced, type UserSpec } from '../plan/build-plan.js';

/** KIWI `<repository sourcetype>` values dnf understands. */
const REPOSITORY_SOURCE_TYPES: readonly RepositorySourceType[] = ['baseurl', 'metalink', 'mirrorlist'];
import { checkImageTarget, isInside, relativeToDescription, resolveInsideDescription } from './description-paths.js';
import { describeFiles, filesUnder } from './description-files.js';
import {
  childElements,
  loadKiwiDocument,
  locationOf,
  rejectAttributes,
  textOf,
  unsupportedElement,
  type KiwiElement,
} from './kiwi-document.js';
import { appliesTo, collectProfiles, resolveActiveProfiles } from './kiwi-profiles.js';
import { substituteRepositoryVariables } from './repository-variables.js';

export interface ReadKiwiOptions {
  /** Absolute path of the main `.kiwi` file. */
  kiwiPath: string;
  /** What the user pointed at (images.toml or the .kiwi file), absolute. */
  profilePath: string;
  /** Leaf profile to build; absent = the `import="true"` profiles. */
  profile?: string;
  /** rpm architecture used for `arch=` filters and `$basearch`. */
  arch: string;
  /** Image name from images.toml; absent = `<image name>`. */
  imageName?: string;
}

/** Where a value comes from when the description does not set it. */
const KIWI_DEFAULT: SourceLocation = Object.freeze({ file: '<kiwi default>', line: 0 });

const PACKAGE_SECTIONS = ['bootstrap', 'image', 'uninstall', 'delete'] as const;

/** Preference elements that exist in KIWI but say nothing about a WSL root file system. */
const IGNORED_PREFERENCES: Record<string, string> = {
  version: 'image version metadata; the .wsl manifest records package versions instead',
  keytable: 'console keyboard layout; WSL has no virtual console',
  'bootsplash-theme': 'boot splash theme; a WSL image does not boot its own kernel',
  'bootloader-theme': 'boot loader theme; a WSL image has no boot loader',
  'rpm-check-signatures':
    'the builder always checks package signatures with the repositories\' keys unless --no-gpgcheck is given',
};

/** Kiwi hook scripts for disk and boot stages: a root file system never reaches them. */
const IGNORED_HOOKS = ['images.sh', 'disk.sh', 'pre_disk_sync.sh', 'edit_boot_config.sh', 'edit_boot_install.sh'];
/** Kiwi hook scripts that would change the root file system but are not implemented. */
const UNSUPPORTED_HOOKS = ['post_bootstrap.sh', 'config-overlay.sh', 'config-host-overlay.sh'];

const ELEMENTS_OUT_OF_SCOPE: Record<string, string> = {
  namedCollection: 'package groups (comps) are not resolved; list the packages instead',
  collectionModule: 'module streams are not supported',
  archive: 'tar archives are not unpacked into the image; use an overlay folder instead',
  product: 'SUSE products are not supported',
};

interface Preferences {
  packageManager?: Sourced<string>;
  releaseVersion?: Sourced<string>;
  locale?: Sourced<string>;
  timezone?: Sourced<string>;
  rpmExcludeDocs?: Sourced<boolean>;
  rpmLocaleFiltering?: Sourced<boolean>;
  imageType?: Sourced<string>;
  bundleFormat?: Sourced<string>;
}

/** Reads a `.kiwi` description (with its includes) for one profile. */
export async function readKiwiDescription(options: ReadKiwiOptions): Promise<BuildPlan> {
  const document = await loadKiwiDocument(options.kiwiPath);
  const { descriptionDir } = document;
  rejectAttributes(document.image, ['name', 'schemaversion', 'displayname', 'id', 'xmlns:xsi', 'xsi:noNamespaceSchemaLocation', 'xsi:schemaLocation']);
  const kiwiName = document.image.element.getAttribute('name') ?? '';
  const profiles = collectProfiles(document.children);
  const active = resolveActiveProfiles(profiles, options.profile, document.image.file);

  const preferences: Preferences = {};
  const ignored: IgnoredField[] = [];
  const repositories: { spec: RepositorySpec; rawUrl: string }[] = [];
  const packages = emptyPackageSets();
  const files: FileSpec[] = [];
  const users: UserSpec[] = [];
  let installWeakDeps = false;

  for (const item of document.children) {
    const tag = item.element.tagName;
    if (tag === 'profiles') continue;
    if (tag === 'description') {
      rejectAttributes(item, ['type']);
      ignored.push({ field: 'description', reason: 'author and contact metadata; not part of the image', source: locationOf(item) });
      continue;
    }
    if (tag !== 'preferences' && tag !== 'repository' && tag !== 'packages' && tag !== 'users') throw unsupportedElement(tag, locationOf(item));
    if (!appliesTo(item, active)) continue;
    if (!archMatches(item.element.getAttribute('arch') ?? undefined, options.arch)) continue;
    if (tag === 'preferences') readPreferences(item, preferences, ignored);
    else if (tag === 'repository') repositories.push(readRepository(item, repositories.length + 1, ignored));
    else if (tag === 'users') users.push(...readUsers(item, ignored));
    else {
      const weak = readPackages(item, { descriptionDir, arch: options.arch, packages, files, ignored });
      installWeakDeps ||= weak;
    }
  }

  // KIWI passes "0" to the package manager when no release-version is set (Azure Linux's
  // container, distroless and workload leaves set none); so do we, and the plan says so.
  const releaseVersion = preferences.releaseVersion ?? { value: '0', source: KIWI_RELEASE_FALLBACK };
  const plan = createBuildPlan(
    {
      format: 'kiwi',
      profilePath: options.profilePath,
      descriptionDir,
      imageName: options.imageName ?? kiwiName,
      profileName: options.profile ?? active[0] ?? '',
      imageType: required(preferences.imageType, 'type image=', document),
      releaseVersion,
      arch: options.arch,
      packageManager: required(preferences.packageManager, 'packagemanager', document),
      rpmExcludeDocs: preferences.rpmExcludeDocs ?? { value: false, source: KIWI_DEFAULT },
    },
    {
      activeProfiles: active,
      bundleFormat: preferences.bundleFormat,
      locale: preferences.locale,
      timezone: preferences.timezone,
      rpmLocaleFiltering: preferences.rpmLocaleFiltering,
      ...installLangsOf(preferences),
      installWeakDeps,
      repositories: repositories.map(({ spec, rawUrl }) => ({
        ...spec,
        url: substituteRepositoryVariables(rawUrl, releaseVersion.value, options.arch),
        gpgKeys: spec.gpgKeys.map((key) => substituteRepositoryVariables(key, releaseVersion.value, options.arch)),
      })),
      packages,
      files,
      overlays: findOverlays(descriptionDir, active),
      users,
      ignored,
    },
  );
  plan.scripts.push(...findHookScripts(descriptionDir, active, kiwiName, ignored));
  const descriptionXml = new Set([document.image.file, ...document.children.map((child) => child.file)]);
  const overlayFiles = (await Promise.all(plan.overlays.map((overlay) => filesUnder(overlay.dir)))).flat();
  plan.descriptionFiles = await describeFiles(descriptionDir, [
    options.profilePath,
    ...[...descriptionXml].map((file) => join(descriptionDir, file)),
    ...plan.files.map((file) => file.from),
    ...plan.scripts.map((script) => script.path),
    ...overlayFiles,
  ]);
  return plan;
}

/** KIWI's rpm-locale-filtering: `%_install_langs` is POSIX, C, C.UTF-8 and the profile's locales. */
function installLangsOf(preferences: Preferences): Pick<BuildPlan, 'installLangs'> {
  if (!preferences.rpmLocaleFiltering?.value) return {};
  const locales = (preferences.locale?.value ?? '').split(',').map((locale) => locale.trim()).filter(Boolean);
  return { installLangs: { value: ['POSIX', 'C', 'C.UTF-8', ...locales].join(':'), source: preferences.rpmLocaleFiltering.source } };
}

function required<T>(value: Sourced<T> | undefined, what: string, document: { image: KiwiElement }): Sourced<T> {
  if (value) return value;
  const where = formatLocation(locationOf(document.image));
  throw new AzlError('PROFILE_INVALID', `The description ${document.image.file} sets no <${what}> for the selected profile.`, {
    hint: `Add it to a <preferences> block that applies to the profile.`,
    detail: where,
  });
}

/** Preferences taken as their text, and the field each fills. */
const TEXT_PREFERENCES = {
  packagemanager: 'packageManager',
  'release-version': 'releaseVersion',
  locale: 'locale',
  timezone: 'timezone',
} as const satisfies Record<string, keyof Preferences>;

function readPreferences(block: KiwiElement, preferences: Preferences, ignored: IgnoredField[]): void {
  rejectAttributes(block, ['profiles', 'arch']);
  let primaryTypeSeen = false;
  for (const item of childElements(block)) {
    const tag = item.element.tagName;
    const source = locationOf(item);
    if (tag === 'type') {
      const primary = item.element.getAttribute('primary') === 'true';
      if (primaryTypeSeen && !primary) {
        ignored.push({ field: 'type', reason: 'a second, non-primary build type; the primary one is used', source });
        continue;
      }
      primaryTypeSeen ||= primary;
      readType(item, preferences, ignored);
      continue;
    }
    if (tag in IGNORED_PREFERENCES) {
      ignored.push({ field: tag, reason: IGNORED_PREFERENCES[tag], source });
      continue;
    }
    rejectAttributes(item, []);
    const text = textOf(item);
    if (Object.hasOwn(TEXT_PREFERENCES, tag)) {
      preferences[TEXT_PREFERENCES[tag as keyof typeof TEXT_PREFERENCES]] = { value: text, source };
      continue;
    }
    switch (tag) {
      case 'rpm-excludedocs':
        preferences.rpmExcludeDocs = { value: parseBoolean(item), source };
        break;
      case 'rpm-locale-filtering':
        preferences.rpmLocaleFiltering = { value: parseBoolean(item), source };
        break;
      default:
        throw unsupportedElement(tag, source);
    }
  }
}

function readType(item: KiwiElement, preferences: Preferences, ignored: IgnoredField[]): void {
  const source = locationOf(item);
  const image = item.element.getAttribute('image');
  if (!image) {
    throw new AzlError('PROFILE_INVALID', `<type> at ${formatLocation(source)} has no image= attribute.`, {
      hint: 'Set image="wsl" (or the build type the profile is for).',
      detail: formatLocation(source),
    });
  }
  preferences.imageType = { value: image, source };
  const attributes = item.element.attributes;
  for (let index = 0; index < attributes.length; index++) {
    const { name, value } = attributes[index];
    if (name === 'image') continue;
    if (name === 'bundle_format') preferences.bundleFormat = { value, source };
    else ignored.push({ field: `type@${name}`, reason: `${image} image setting (${name}="${value}"); a WSL image is a root file system tar`, source });
  }
  for (const child of childElements(item)) {
    const tag = child.element.tagName;
    const reason =
      tag === 'containerconfig'
        ? 'container metadata (name, tag, entry point); WSL starts systemd or a login shell, not a container command'
        : `${image} image setting; a WSL image has no disk, boot loader or kernel of its own`;
    ignored.push({ field: `type/${tag}`, reason, source: locationOf(child) });
  }
}

function parseBoolean(item: KiwiElement): boolean {
  const text = textOf(item);
  if (text === 'true') return true;
  if (text === 'false') return false;
  const where = formatLocation(locationOf(item));
  throw new AzlError('PROFILE_INVALID', `<${item.element.tagName}> at ${where} must be true or false, not "${text}".`, {
    hint: 'Write true or false.',
    detail: where,
  });
}

function readRepository(item: KiwiElement, index: number, ignored: IgnoredField[]): { spec: RepositorySpec; rawUrl: string } {
  const source = locationOf(item);
  rejectAttributes(item, ['type', 'alias', 'priority', 'profiles', 'imageinclude', 'repository_gpgcheck', 'package_gpgcheck', 'arch', 'sourcetype']);
  const type = item.element.getAttribute('type') ?? 'rpm-md';
  if (type !== 'rpm-md') throw unsupportedElement(`repository type="${type}"`, source, 'only rpm-md repositories are');
  for (const attribute of ['imageinclude', 'repository_gpgcheck', 'package_gpgcheck']) {
    const value = item.element.getAttribute(attribute);
    if (value === null) continue;
    const reason =
      attribute === 'imageinclude'
        ? 'the image gets its runtime repositories from its repos package (e.g. azurelinux-repos)'
        : 'per-repository signature switches are not carried into the plan; the builder checks signatures whenever keys are given';
    ignored.push({ field: `repository@${attribute}`, reason: `${reason} (${attribute}="${value}")`, source });
  }
  let rawUrl = '';
  const gpgKeys: string[] = [];
  const readSigning = (signing: KiwiElement): void => {
    rejectAttributes(signing, ['key']);
    const key = signing.element.getAttribute('key');
    if (key) gpgKeys.push(key);
  };
  for (const child of childElements(item)) {
    if (child.element.tagName === 'signing') {
      readSigning(child);
      continue;
    }
    if (child.element.tagName !== 'source') throw unsupportedElement(child.element.tagName, locationOf(child));
    rejectAttributes(child, ['path']);
    rawUrl = child.element.getAttribute('path') ?? '';
    for (const grandChild of childElements(child)) {
      if (grandChild.element.tagName !== 'signing') throw unsupportedElement(grandChild.element.tagName, locationOf(grandChild));
      readSigning(grandChild);
    }
  }
  if (!rawUrl) {
    throw new AzlError('PROFILE_INVALID', `<repository> at ${formatLocation(source)} has no <source path="…"/>.`, {
      hint: 'Give the repository URL in <source path="https://…"/>.',
      detail: formatLocation(source),
    });
  }
  const priorityText = item.element.getAttribute('priority');
  const priority = priorityText === null ? undefined : Number(priorityText);
  if (priority !== undefined && !Number.isInteger(priority)) {
    throw new AzlError('PROFILE_INVALID', `<repository priority="${priorityText}"> at ${formatLocation(source)} is not a whole number.`, {
      hint: 'Use a number such as 1 (lower is preferred).',
      detail: formatLocation(source),
    });
  }
  const sourceTypeText = item.element.getAttribute('sourcetype') ?? 'baseurl';
  if (!REPOSITORY_SOURCE_TYPES.includes(sourceTypeText as RepositorySourceType)) {
    throw new AzlError('PROFILE_UNSUPPORTED', `<repository sourcetype="${sourceTypeText}"> at ${formatLocation(source)} is not one of ${REPOSITORY_SOURCE_TYPES.join(', ')}.`, {
      hint: 'Use baseurl (the repository itself), metalink or mirrorlist.',
      detail: formatLocation(source),
    });
  }
  const sourceType = sourceTypeText as RepositorySourceType;
  const alias = item.element.getAttribute('alias') || `repo-${index}`;
  return {
    spec: { alias, url: rawUrl, ...(sourceType === 'baseurl' ? {} : { sourceType }), gpgKeys, ...(priority === undefined ? {} : { priority }), source },
    rawUrl,
  };
}

interface PackageContext {
  descriptionDir: string;
  arch: string;
  packages: BuildPlan['packages'];
  files: FileSpec[];
  ignored: IgnoredField[];
}

/** Reads one `<packages>` block; returns true when it asks for recommended packages. */
function readPackages(block: KiwiElement, context: PackageContext): boolean {
  const blockSource = locationOf(block);
  rejectAttributes(block, ['type', 'profiles', 'patternType', 'arch']);
  const type = block.element.getAttribute('type') ?? 'image';
  if (!(PACKAGE_SECTIONS as readonly string[]).includes(type)) {
    context.ignored.push({
      field: `packages type="${type}"`,
      reason: `installed only when KIWI builds a "${type}" image (disk or boot media); a WSL image is a root file system tar`,
      source: blockSource,
    });
    return false;
  }
  const section = type as (typeof PACKAGE_SECTIONS)[number];
  const patternType = block.element.getAttribute('patternType');
  if (patternType !== null && patternType !== 'onlyRequired' && patternType !== 'plusRecommended') {
    throw unsupportedElement(`packages patternType="${patternType}"`, blockSource, 'use onlyRequired or plusRecommended');
  }
  for (const item of childElements(block)) {
    const tag = item.element.tagName;
    const source = locationOf(item);
    if (tag in ELEMENTS_OUT_OF_SCOPE) throw unsupportedElement(tag, source, ELEMENTS_OUT_OF_SCOPE[tag]);
    if (tag === 'package' || tag === 'ignore') {
      rejectAttributes(item, tag === 'package' ? ['name', 'arch', 'bootinclude', 'bootdelete'] : ['name', 'arch']);
      const name = item.element.getAttribute('name') ?? '';
      if (!name) throw invalid(`<${tag}> at ${formatLocation(source)} has no name.`, source);
      for (const attribute of ['bootinclude', 'bootdelete']) {
        if (item.element.getAttribute(attribute) !== null) {
          context.ignored.push({ field: `package@${attribute}`, reason: `initrd setting for ${name}; WSL has no initrd`, source });
        }
      }
      const arch = item.element.getAttribute('arch') ?? undefined;
      if (!archMatches(arch, context.arch)) continue;
      const ref: PackageRef = { name, ...(arch ? { arch } : {}), source };
      context.packages[tag === 'ignore' ? 'ignore' : section].push(ref);
      continue;
    }
    if (tag === 'file') {
      context.files.push(...readFile(item, context));
      continue;
    }
    throw unsupportedElement(tag, source);
  }
  return section === 'image' && patternType === 'plusRecommended';
}

function archMatches(arch: string | undefined, target: string): boolean {
  return arch === undefined || arch.split(',').map((value) => value.trim()).includes(target);
}

function readFile(item: KiwiElement, context: PackageContext): FileSpec[] {
  const source = locationOf(item);
  rejectAttributes(item, ['name', 'target', 'permissions', 'arch']);
  if (!archMatches(item.element.getAttribute('arch') ?? undefined, context.arch)) return [];
  const name = item.element.getAttribute('name') ?? '';
  const target = item.element.getAttribute('target') ?? '';
  if (!name || !target) throw invalid(`<file> at ${formatLocation(source)} needs both name= and target=.`, source);
  const to = checkImageTarget(target, source);
  const from = resolveInsideDescription(context.descriptionDir, context.descriptionDir, name, 'file', source);
  if (!existsSync(from) || !statSync(from).isFile()) {
    throw new AzlError('PROFILE_INVALID', `The file "${name}" named at ${formatLocation(source)} does not exist in the description folder.`, {
      hint: 'Add the file or fix its name.',
      detail: formatLocation(source),
    });
  }
  const permissions = item.element.getAttribute('permissions');
  if (permissions !== null && !/^[0-7]{3,4}$/.test(permissions)) {
    throw invalid(`<file permissions="${permissions}"> at ${formatLocation(source)} is not an octal mode.`, source);
  }
  return [{ from, to, ...(permissions === null ? {} : { mode: parseInt(permissions, 8) }), source }];
}

function readUsers(block: KiwiElement, ignored: IgnoredField[]): UserSpec[] {
  rejectAttributes(block, ['profiles', 'group', 'arch']);
  const legacyGroup = block.element.getAttribute('group') ?? undefined;
  const users: UserSpec[] = [];
  for (const item of childElements(block)) {
    const source = locationOf(item);
    if (item.element.tagName !== 'user') throw unsupportedElement(item.element.tagName, source);
    rejectAttributes(item, ['name', 'id', 'home', 'groups', 'shell', 'pwd', 'pwdformat', 'realname']);
    const name = item.element.getAttribute('name') ?? '';
    if (!name) throw invalid(`<user> at ${formatLocation(source)} has no name.`, source);
    const idText = item.element.getAttribute('id');
    const uid = idText === null ? undefined : Number(idText);
    if (uid !== undefined && !Number.isInteger(uid)) throw invalid(`<user id="${idText}"> at ${formatLocation(source)} is not a number.`, source);
    // kiwi: the first of `groups` is the login group; the old `<users group=>` names it for all.
    const groups = (item.element.getAttribute('groups') ?? '').split(',').map((group) => group.trim()).filter(Boolean);
    const primaryGroup = legacyGroup ?? groups.shift();
    if (item.element.getAttribute('realname') !== null) {
      ignored.push({ field: 'user@realname', reason: `the full name (GECOS) of ${name} is not set`, source });
    }
    const pwd = item.element.getAttribute('pwd');
    const plain = item.element.getAttribute('pwdformat') === 'plain';
    users.push({
      name,
      ...(uid === undefined ? {} : { uid }),
      ...(primaryGroup ? { primaryGroup } : {}),
      secondaryGroups: groups,
      ...(item.element.getAttribute('home') ? { homeDirectory: item.element.getAttribute('home')! } : {}),
      ...(item.element.getAttribute('shell') ? { shell: item.element.getAttribute('shell')! } : {}),
      password: pwd ? (plain ? 'plaintext' : 'hashed') : 'none',
      sshPublicKeyPaths: [],
      source,
    });
  }
  return users;
}

/** `root/` for every profile, then one folder per active profile, when present. */
function findOverlays(descriptionDir: string, active: string[]): OverlaySpec[] {
  const overlays: OverlaySpec[] = [];
  for (const [folder, profile] of [['root', undefined] as const, ...active.map((name) => [name, name] as const)]) {
    const dir = join(descriptionDir, folder);
    const source: SourceLocation = { file: `${folder}/`, line: 0 };
    let stats;
    try {
      stats = lstatSync(dir);
    } catch {
      continue;
    }
    if (stats.isSymbolicLink()) {
      let real: string | undefined;
      try {
        real = realpathSync(dir);
      } catch {}
      if (!real || !isInside(realpathSync(descriptionDir), real)) {
        throw new AzlError('PATH_ESCAPE', `The overlay folder ${folder}/ is a symlink that leads outside the description folder.`, {
          hint: 'Make the overlay a real folder inside the description.',
          detail: source.file,
        });
      }
      stats = statSync(dir);
    }
    if (!stats.isDirectory()) continue;
    overlays.push({ dir, ...(profile === undefined ? {} : { profile }), source });
  }
  return overlays;
}

function findHookScripts(descriptionDir: string, active: string[], kiwiName: string, ignored: IgnoredField[]): ScriptSpec[] {
  const scripts: ScriptSpec[] = [];
  const exists = (name: string): boolean => {
    try {
      lstatSync(join(descriptionDir, name));
      return true;
    } catch {
      return false;
    }
  };
  for (const name of UNSUPPORTED_HOOKS) {
    if (exists(name)) throw unsupportedElement(`${name} script`, { file: name, line: 0 }, 'this KIWI hook is not run by azl-wsl');
  }
  for (const name of IGNORED_HOOKS) {
    if (exists(name)) ignored.push({ field: name, reason: 'KIWI runs it for disk or boot images only', source: { file: name, line: 0 } });
  }
  if (exists('config.sh')) {
    const source: SourceLocation = { file: 'config.sh', line: 0 };
    const path = resolveInsideDescription(descriptionDir, descriptionDir, 'config.sh', 'script', source);
    scripts.push({
      kind: 'config-sh',
      path,
      args: [],
      env: { kiwi_profiles: active.join(','), kiwi_iname: kiwiName },
      source: { file: relativeToDescription(descriptionDir, path), line: 0 },
    });
  }
  return scripts;
}

function invalid(message: string, source: SourceLocation): AzlError {
  return new AzlError('PROFILE_INVALID', message, { hint: 'Fix the description at that line.', detail: formatLocation(source) });
}
