/**
 * Reads an Azure Linux 3.0 toolkit image config (`toolkit/imageconfigs/*.json`) into a
 * `BuildPlan`. Boot, disk and partition fields are recorded in `plan.ignored`; a key the
 * reader does not know is refused rather than dropped.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import { createBuildPlan, type BuildPlan, type FileSpec, type GroupSpec, type IgnoredField, type PackageRef, type RepositorySpec, type ScriptSpec, type Sourced, type UserSpec } from '../plan/build-plan.js';
import { checkImageTarget, relativeToDescription, resolveInsideDescription } from './description-paths.js';
import { describeFiles } from './description-files.js';
import { parseJsonWithLines, type JsonNode } from './json-with-lines.js';
import { substituteRepositoryVariables } from './repository-variables.js';

export interface ReadToolkitOptions {
  /** Absolute path of the image config JSON. */
  jsonPath: string;
  /** `SystemConfigs[].Name` to use when the file has several. */
  systemConfig?: string;
  arch: string;
}

/** Azure Linux 3.0 settings the toolkit takes from its build environment rather than the config. */
export const AZURE_LINUX_3_DEFAULTS: SourceLocation = Object.freeze({ file: '<Azure Linux 3.0 toolkit defaults>', line: 0 });
const RELEASE_VERSION = '3.0';
const PACKAGE_MANAGER = 'tdnf';
const DEFAULT_REPOSITORY_URL = 'https://packages.microsoft.com/azurelinux/$releasever/prod/base/$basearch';
const DEFAULT_REPOSITORY_KEY = 'file:///etc/pki/rpm-gpg/MICROSOFT-RPM-GPG-KEY';

const IGNORED_SYSTEM_CONFIG_KEYS: Record<string, string> = {
  BootType: 'boot firmware (efi/legacy); WSL boots its own kernel',
  KernelCommandLine: 'kernel command line; WSL boots its own kernel',
  Encryption: 'disk encryption; a WSL image is a root file system tar',
  PartitionSettings: 'partition mount points; a WSL image has no partitions',
  IsDefault: 'ISO installer default selection',
  IsKickStartBoot: 'ISO installer setting',
  IsIsoInstall: 'ISO installer setting',
  PreInstallScripts: 'run by the ISO installer before partitioning, outside the image',
  EnableGrubMkconfig: 'boot loader setting; a WSL image has no boot loader',
  EnableHidepid: 'mount option for /proc, which WSL mounts itself',
  Networks: 'network setup; WSL configures networking itself',
  Verity: 'dm-verity root; a WSL image has no disk',
  ImaPolicy: 'IMA kernel policy; WSL boots its own kernel',
};

/** Reads a toolkit image config JSON. */
export async function readToolkitJson(options: ReadToolkitOptions): Promise<BuildPlan> {
  const descriptionDir = dirname(options.jsonPath);
  const fileName = relativeToDescription(descriptionDir, options.jsonPath);
  const root = parseJsonWithLines(await readFile(options.jsonPath, 'utf8'), fileName);
  const at = (node: JsonNode): SourceLocation => ({ file: fileName, line: node.line });
  const ignored: IgnoredField[] = [];
  const rootObject = expectKind(root, 'object', 'the image config', at(root));

  let imageType: Sourced<string> = { value: 'rootfs', source: AZURE_LINUX_3_DEFAULTS };
  for (const [key, node] of rootObject.entries) {
    if (key === 'SystemConfigs' || isCommentKey(key)) continue;
    if (key !== 'Disks') throw unsupportedKey(key, at(node));
    imageType = imageTypeOf(node, at);
    ignored.push({ field: 'Disks', reason: 'disk layout and artifacts; a WSL image is a root file system tar', source: at(node) });
  }
  const systemConfigsNode = rootObject.entries.get('SystemConfigs');
  if (!systemConfigsNode) throw invalid(`${fileName} has no SystemConfigs.`, at(root));
  const configs = expectKind(systemConfigsNode, 'array', 'SystemConfigs', at(systemConfigsNode)).items.map((node) =>
    expectKind(node, 'object', 'a SystemConfig', at(node)),
  );
  if (configs.length === 0) throw invalid(`${fileName} has an empty SystemConfigs list.`, at(systemConfigsNode));
  const names = configs.map((config) => stringValue(config.entries.get('Name')) ?? '');
  let config = configs[0];
  if (configs.length > 1 && options.systemConfig !== undefined) {
    const index = names.indexOf(options.systemConfig);
    if (index < 0) {
      throw new AzlError('PROFILE_UNKNOWN', `${fileName} has no SystemConfig named "${options.systemConfig}".`, {
        hint: `Choose one of: ${names.join(', ')}.`,
        detail: `SystemConfigs: ${names.join(', ')}`,
      });
    }
    config = configs[index];
  }

  const plan = createBuildPlan(
    {
      format: 'toolkit-json',
      profilePath: options.jsonPath,
      descriptionDir,
      imageName: stringValue(config.entries.get('Name')) ?? basename(fileName, extname(fileName)),
      profileName: basename(fileName, extname(fileName)),
      imageType,
      releaseVersion: { value: RELEASE_VERSION, source: AZURE_LINUX_3_DEFAULTS },
      arch: options.arch,
      packageManager: { value: PACKAGE_MANAGER, source: AZURE_LINUX_3_DEFAULTS },
      rpmExcludeDocs: { value: false, source: AZURE_LINUX_3_DEFAULTS },
    },
    {
      repositories: [
        {
          alias: 'azurelinux-base',
          url: substituteRepositoryVariables(DEFAULT_REPOSITORY_URL, RELEASE_VERSION, options.arch),
          gpgKeys: [DEFAULT_REPOSITORY_KEY],
          source: AZURE_LINUX_3_DEFAULTS,
        },
      ],
      ignored,
    },
  );
  const context: Context = { descriptionDir, fileName, at, plan, packageLists: [] };
  for (const [key, node] of config.entries) {
    const source = at(node);
    if (isCommentKey(key)) continue;
    if (key in IGNORED_SYSTEM_CONFIG_KEYS) {
      ignored.push({ field: key, reason: IGNORED_SYSTEM_CONFIG_KEYS[key], source });
      continue;
    }
    switch (key) {
      case 'Name':
        break;
      case 'PackageLists':
        for (const item of expectKind(node, 'array', key, source).items) await readPackageList(item, context);
        break;
      case 'Packages':
        for (const { value, source: itemSource } of stringItems(node, key, at)) addImagePackage(plan, { name: value, source: itemSource });
        break;
      case 'KernelOptions':
        readKernelOptions(node, context);
        break;
      case 'AdditionalFiles':
        plan.files.push(...readAdditionalFiles(node, context));
        break;
      case 'PostInstallScripts':
        plan.scripts.push(...readScripts(node, 'post-install', context));
        break;
      case 'FinalizeImageScripts':
        plan.scripts.push(...readScripts(node, 'finalize', context));
        break;
      case 'Users':
        plan.users.push(...readUsers(node, context));
        break;
      case 'Groups':
        plan.groups.push(...readGroups(node, context));
        break;
      case 'Hostname':
        plan.hostname = { value: requireString(node, key, source), source };
        break;
      case 'RemoveRpmDb':
        plan.removeRpmDb = requireBoolean(node, key, source);
        break;
      case 'DisableRpmDocs':
        plan.rpmExcludeDocs = { value: requireBoolean(node, key, source), source };
        break;
      case 'OverrideRpmLocales': {
        // The toolkit sets rpm's %_install_langs to this value; an empty string leaves rpm alone.
        const value = requireString(node, key, source).trim();
        if (value !== '') plan.installLangs = { value, source };
        break;
      }
      case 'PackageRepos':
        plan.repositories.push(...readPackageRepos(node, context));
        break;
      default:
        throw unsupportedKey(key, source);
    }
  }
  plan.descriptionFiles = await describeFiles(descriptionDir, [
    options.jsonPath,
    ...context.packageLists,
    ...plan.files.map((file) => file.from),
    ...plan.scripts.map((script) => script.path),
    ...plan.users.flatMap((user) => user.sshPublicKeyPaths),
  ]);
  return plan;
}

/**
 * Keys starting with "_" are comments in Microsoft's configs (`_comment` in real package lists);
 * Go's JSON decoder that the toolkit uses ignores keys it has no field for.
 */
function isCommentKey(key: string): boolean {
  return key.startsWith('_');
}

interface Context {
  /** Package list files read, for the manifest's provenance. */
  packageLists: string[];
  descriptionDir: string;
  fileName: string;
  at: (node: JsonNode) => SourceLocation;
  plan: BuildPlan;
}

type NodeOf<K extends JsonNode['kind']> = Extract<JsonNode, { kind: K }>;

function expectKind<K extends JsonNode['kind']>(node: JsonNode, kind: K, what: string, source: SourceLocation): NodeOf<K> {
  if (node.kind !== kind) {
    throw invalid(`${what} at ${formatLocation(source)} should be ${kind === 'array' ? 'an' : 'a'} ${kind}, not ${node.kind}.`, source);
  }
  return node as NodeOf<K>;
}

function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

function requireString(node: JsonNode, what: string, source: SourceLocation): string {
  return expectKind(node, 'string', what, source).value;
}

function requireBoolean(node: JsonNode, what: string, source: SourceLocation): boolean {
  return expectKind(node, 'boolean', what, source).value;
}

function stringItems(node: JsonNode, what: string, at: Context['at']): { value: string; source: SourceLocation }[] {
  return expectKind(node, 'array', what, at(node)).items.map((item) => ({ value: requireString(item, `an entry of ${what}`, at(item)), source: at(item) }));
}

/** Disks[].Artifacts[].Type, or `rootfs` for an artifact-only tar.gz (what the toolkit makes of it). */
function imageTypeOf(disks: JsonNode, at: Context['at']): Sourced<string> {
  if (disks.kind === 'array') {
    for (const disk of disks.items) {
      const artifacts = disk.kind === 'object' ? disk.entries.get('Artifacts') : undefined;
      if (artifacts?.kind !== 'array') continue;
      for (const artifact of artifacts.items) {
        if (artifact.kind !== 'object') continue;
        const type = artifact.entries.get('Type');
        if (type?.kind === 'string' && type.value) return { value: type.value, source: at(type) };
        const compression = artifact.entries.get('Compression');
        if (compression?.kind === 'string') return { value: 'rootfs', source: at(compression) };
      }
    }
  }
  return { value: 'rootfs', source: at(disks) };
}

/** Names already in each plan's image set: a config of tens of thousands of packages stays linear. */
const imageNames = new WeakMap<PackageRef[], Set<string>>();

/** Package lists and `Packages` are a union: the first mention of a name is kept as its source. */
function addImagePackage(plan: BuildPlan, ref: PackageRef): void {
  const list = plan.packages.image;
  let names = imageNames.get(list);
  if (!names) {
    names = new Set(list.map((existing) => existing.name));
    imageNames.set(list, names);
  }
  if (names.has(ref.name)) return;
  names.add(ref.name);
  list.push(ref);
}

async function readPackageList(item: JsonNode, context: Context): Promise<void> {
  const listSource = context.at(item);
  const reference = requireString(item, 'a PackageLists entry', listSource);
  const path = resolveInsideDescription(context.descriptionDir, context.descriptionDir, reference, 'package list', listSource);
  if (!existsSync(path)) {
    throw new AzlError('PROFILE_NOT_FOUND', `The package list "${reference}" named at ${formatLocation(listSource)} does not exist.`, {
      hint: 'Copy the packagelists folder next to the image config.',
      detail: formatLocation(listSource),
    });
  }
  const file = relativeToDescription(context.descriptionDir, path);
  context.packageLists.push(path);
  const root = parseJsonWithLines(await readFile(path, 'utf8'), file);
  const at = (node: JsonNode): SourceLocation => ({ file, line: node.line });
  const object = expectKind(root, 'object', 'a package list', at(root));
  for (const [key, node] of object.entries) {
    if (isCommentKey(key)) continue;
    if (key !== 'packages') throw unsupportedKey(key, at(node));
    for (const { value, source } of stringItems(node, 'packages', at)) {
      addImagePackage(context.plan, { name: value, source });
    }
  }
}

function readKernelOptions(node: JsonNode, context: Context): void {
  const object = expectKind(node, 'object', 'KernelOptions', context.at(node));
  for (const [key, value] of object.entries) {
    const source = context.at(value);
    if (key === 'default') {
      // The toolkit installs the named kernel package; the WSL transform removes it again,
      // and the parity report shows that, so it belongs in the plan.
      const ref: PackageRef = { name: requireString(value, 'KernelOptions.default', source), source };
      addImagePackage(context.plan, ref);
    } else {
      context.plan.ignored.push({ field: `KernelOptions.${key}`, reason: 'kernel for ISO installer variants; WSL boots its own kernel', source });
    }
  }
}

function readAdditionalFiles(node: JsonNode, context: Context): FileSpec[] {
  const files: FileSpec[] = [];
  const object = expectKind(node, 'object', 'AdditionalFiles', context.at(node));
  for (const [reference, value] of object.entries) {
    const source = context.at(value);
    const from = resolveInsideDescription(context.descriptionDir, context.descriptionDir, reference, 'file', source);
    if (!existsSync(from) || !statSync(from).isFile()) {
      throw new AzlError('PROFILE_NOT_FOUND', `The file "${reference}" named at ${formatLocation(source)} does not exist.`, {
        hint: 'Add the file next to the image config or fix its path.',
        detail: formatLocation(source),
      });
    }
    const targets = value.kind === 'string' ? [value] : expectKind(value, 'array', `AdditionalFiles["${reference}"]`, source).items;
    for (const target of targets) {
      const targetSource = context.at(target);
      if (target.kind === 'string') {
        files.push({ from, to: checkImageTarget(target.value, targetSource), source: targetSource });
        continue;
      }
      const entry = expectKind(target, 'object', `a target of "${reference}"`, targetSource);
      let to: string | undefined;
      let mode: number | undefined;
      for (const [key, field] of entry.entries) {
        if (key === 'Path') to = checkImageTarget(requireString(field, 'Path', context.at(field)), context.at(field));
        else if (key === 'Permissions') mode = parseMode(field, context.at(field));
        else throw unsupportedKey(key, context.at(field));
      }
      if (!to) throw invalid(`The target at ${formatLocation(targetSource)} has no Path.`, targetSource);
      files.push({ from, to, ...(mode === undefined ? {} : { mode }), source: targetSource });
    }
  }
  return files;
}

function parseMode(node: JsonNode, source: SourceLocation): number {
  const text = node.kind === 'number' ? String(node.value) : node.kind === 'string' ? node.value : '';
  if (!/^[0-7]{3,4}$/.test(text)) throw invalid(`Permissions at ${formatLocation(source)} must be an octal mode such as "0644".`, source);
  return parseInt(text, 8);
}

function readScripts(node: JsonNode, kind: ScriptSpec['kind'], context: Context): ScriptSpec[] {
  return expectKind(node, 'array', kind, context.at(node)).items.map((item) => {
    const source = context.at(item);
    const entry = expectKind(item, 'object', 'a script entry', source);
    let path: string | undefined;
    let args: string[] = [];
    for (const [key, field] of entry.entries) {
      const fieldSource = context.at(field);
      if (key === 'Path') {
        const reference = requireString(field, 'Path', fieldSource);
        path = resolveInsideDescription(context.descriptionDir, context.descriptionDir, reference, 'script', fieldSource);
        if (!existsSync(path)) {
          throw new AzlError('PROFILE_NOT_FOUND', `The script "${reference}" named at ${formatLocation(fieldSource)} does not exist.`, {
            hint: 'Add the script next to the image config or fix its path.',
            detail: formatLocation(fieldSource),
          });
        }
      } else if (key === 'Args') {
        // The toolkit's Args is one string split on spaces; a list is accepted too.
        args = field.kind === 'string' ? field.value.split(/\s+/).filter(Boolean) : stringItems(field, 'Args', context.at).map((arg) => arg.value);
      } else throw unsupportedKey(key, fieldSource);
    }
    if (!path) throw invalid(`The script entry at ${formatLocation(source)} has no Path.`, source);
    return { kind, path, args, env: {}, source };
  });
}

/** Users fields taken as their text, and the UserSpec field each fills. */
const USER_TEXT_FIELDS = {
  Name: 'name',
  PrimaryGroup: 'primaryGroup',
  StartupCommand: 'shell',
  HomeDirectory: 'homeDirectory',
} as const satisfies Record<string, keyof UserSpec>;

function readUsers(node: JsonNode, context: Context): UserSpec[] {
  return expectKind(node, 'array', 'Users', context.at(node)).items.map((item) => {
    const source = context.at(item);
    const entry = expectKind(item, 'object', 'a user', source);
    const user: UserSpec = { name: '', secondaryGroups: [], password: 'none', sshPublicKeyPaths: [], source };
    let hasPassword = false;
    let hashed = false;
    for (const [key, field] of entry.entries) {
      const fieldSource = context.at(field);
      if (Object.hasOwn(USER_TEXT_FIELDS, key)) {
        user[USER_TEXT_FIELDS[key as keyof typeof USER_TEXT_FIELDS]] = requireString(field, key, fieldSource);
        continue;
      }
      switch (key) {
        case 'UID':
          user.uid = parseId(field, key, fieldSource);
          break;
        case 'Password':
          // Only whether a password is set is recorded: the plan is printed and shipped.
          hasPassword = requireString(field, key, fieldSource) !== '';
          break;
        case 'PasswordHashed':
          hashed = requireBoolean(field, key, fieldSource);
          break;
        case 'PasswordExpiresDays':
          context.plan.ignored.push({ field: 'Users.PasswordExpiresDays', reason: 'password ageing is not set', source: fieldSource });
          break;
        case 'SSHPubKeyPaths':
          user.sshPublicKeyPaths = stringItems(field, key, context.at).map(({ value, source: keySource }) =>
            resolveInsideDescription(context.descriptionDir, context.descriptionDir, value, 'SSH key', keySource),
          );
          break;
        case 'SecondaryGroups':
          user.secondaryGroups = stringItems(field, key, context.at).map(({ value }) => value);
          break;
        default:
          throw unsupportedKey(`Users.${key}`, fieldSource);
      }
    }
    if (!user.name) throw invalid(`The user at ${formatLocation(source)} has no Name.`, source);
    user.password = hasPassword ? (hashed ? 'hashed' : 'plaintext') : 'none';
    return user;
  });
}

function readGroups(node: JsonNode, context: Context): GroupSpec[] {
  return expectKind(node, 'array', 'Groups', context.at(node)).items.map((item) => {
    const source = context.at(item);
    const entry = expectKind(item, 'object', 'a group', source);
    const group: GroupSpec = { name: '', source };
    for (const [key, field] of entry.entries) {
      if (key === 'Name') group.name = requireString(field, key, context.at(field));
      else if (key === 'GID') group.gid = parseId(field, key, context.at(field));
      else throw unsupportedKey(`Groups.${key}`, context.at(field));
    }
    if (!group.name) throw invalid(`The group at ${formatLocation(source)} has no Name.`, source);
    return group;
  });
}

function parseId(node: JsonNode, what: string, source: SourceLocation): number {
  // The toolkit's Go structs hold UID/GID as strings; numbers are accepted too.
  const value = node.kind === 'number' ? node.value : node.kind === 'string' ? Number(node.value) : NaN;
  if (!Number.isInteger(value) || value < 0) throw invalid(`${what} at ${formatLocation(source)} must be a whole number.`, source);
  return value;
}

function readPackageRepos(node: JsonNode, context: Context): RepositorySpec[] {
  return expectKind(node, 'array', 'PackageRepos', context.at(node)).items.map((item, index) => {
    const source = context.at(item);
    const entry = expectKind(item, 'object', 'a package repository', source);
    let alias = `repo-${index + 1}`;
    let url = '';
    const gpgKeys: string[] = [];
    for (const [key, field] of entry.entries) {
      const fieldSource = context.at(field);
      if (key === 'Name') alias = requireString(field, key, fieldSource);
      else if (key === 'BaseUrl') url = requireString(field, key, fieldSource);
      else if (key === 'GPGKeys') gpgKeys.push(...requireString(field, key, fieldSource).split(/\s+/).filter(Boolean));
      else if (key === 'Install' || key === 'GPGCheck' || key === 'RepoGPGCheck') {
        context.plan.ignored.push({
          field: `PackageRepos.${key}`,
          reason: key === 'Install' ? 'the image gets its runtime repositories from azurelinux-repos' : 'the builder checks signatures whenever keys are given',
          source: fieldSource,
        });
      } else throw unsupportedKey(`PackageRepos.${key}`, fieldSource);
    }
    if (!url) throw invalid(`The repository at ${formatLocation(source)} has no BaseUrl.`, source);
    return {
      alias,
      url: substituteRepositoryVariables(url, RELEASE_VERSION, context.plan.arch),
      gpgKeys: gpgKeys.map((key) => substituteRepositoryVariables(key, RELEASE_VERSION, context.plan.arch)),
      source,
    };
  });
}

function unsupportedKey(key: string, source: SourceLocation): AzlError {
  const where = formatLocation(source);
  return new AzlError('PROFILE_UNSUPPORTED', `The key "${key}" at ${where} is not supported.`, {
    hint: 'Remove it, or build this config with the Azure Linux toolkit itself.',
    detail: where,
  });
}

function invalid(message: string, source: SourceLocation): AzlError {
  return new AzlError('PROFILE_INVALID', message, { hint: 'Fix the image config at that line.', detail: formatLocation(source) });
}
