/**
 * The one typed build plan that every profile format is read into.
 *
 * KIWI XML (Azure Linux 4.0, Fedora) and toolkit JSON (Azure Linux 3.0) both produce a
 * `BuildPlan`; the WSL transform rewrites a plan into another plan; the builder executes a
 * plan. Every item carries the `SourceLocation` it came from, so the parity report and error
 * messages can point at a file and line. Plans are plain data: `JSON.stringify(plan)` is the
 * `plan --json` output and the manifest's `plan` field, so nothing secret may live here.
 */
import type { SourceLocation } from '../../common/source-location.js';

export type ProfileFormat = 'kiwi' | 'toolkit-json';

/** A value together with where it was set. */
export interface Sourced<T> {
  value: T;
  source: SourceLocation;
}

export type RepositorySourceType = 'baseurl' | 'metalink' | 'mirrorlist';

export interface RepositorySpec {
  /** Repository id for dnf (`--repofrompath=<alias>,<url>`). */
  alias: string;
  /** URL with `$releasever`/`$basearch` already substituted. */
  url: string;
  /**
   * What `url` points at (KIWI `sourcetype`): the repository itself (default), or a metalink
   * or mirror list that names it, as Fedora's descriptions use.
   */
  sourceType?: RepositorySourceType;
  /** GPG key locations (file:// URLs or absolute paths), from `<signing key>` or `gpgkey`. */
  gpgKeys: string[];
  /** Lower is preferred (dnf semantics); absent = dnf's default (99). */
  priority?: number;
  source: SourceLocation;
}

export interface PackageRef {
  name: string;
  /** Only install on this architecture (KIWI `arch=`, comma-separated list allowed). */
  arch?: string;
  source: SourceLocation;
}

export interface PackageSets {
  /** Installed first into the empty root (KIWI bootstrap). */
  bootstrap: PackageRef[];
  /** Installed second. */
  image: PackageRef[];
  /** Removed with dependencies after config.sh (KIWI `uninstall`). */
  uninstall: PackageRef[];
  /** Removed with `rpm -e --nodeps` after config.sh (KIWI `delete`). */
  delete: PackageRef[];
  /** Never installed, even as dependencies (KIWI `<ignore>`, dnf `--exclude`). */
  ignore: PackageRef[];
}

/** A file copied from the description into the image (KIWI `<file>`, toolkit `AdditionalFiles`). */
export interface FileSpec {
  /** Absolute host path, already checked to be inside the description folder. */
  from: string;
  /** Absolute path inside the image. */
  to: string;
  /** Octal mode to set; absent = keep the source file's mode. */
  mode?: number;
  source: SourceLocation;
}

/** A folder whose tree is copied over the image root (KIWI `root/` and per-profile folders). */
export interface OverlaySpec {
  /** Absolute host path of the folder. */
  dir: string;
  /** The profile it belongs to; absent for the common `root/`. */
  profile?: string;
  source: SourceLocation;
}

export type ScriptKind = 'config-sh' | 'post-install' | 'finalize';

/** A script run inside the image, in the build's sandbox (rootfs/build/image-sandbox.ts). */
export interface ScriptSpec {
  kind: ScriptKind;
  /** Absolute host path of the script (copied into the root to run). */
  path: string;
  args: string[];
  /** Extra environment, e.g. `kiwi_profiles`, `kiwi_iname`. */
  env: Record<string, string>;
  source: SourceLocation;
}

export interface UserSpec {
  name: string;
  uid?: number;
  primaryGroup?: string;
  secondaryGroups: string[];
  homeDirectory?: string;
  shell?: string;
  /**
   * How the profile sets the password. Hashes and plaintext never enter the plan (it is
   * printed and shipped in the manifest); the builder reads them from the profile file again.
   */
  password: 'none' | 'hashed' | 'plaintext';
  sshPublicKeyPaths: string[];
  source: SourceLocation;
}

export interface GroupSpec {
  name: string;
  gid?: number;
  source: SourceLocation;
}

export interface ServiceSpec {
  unit: string;
  action: 'enable' | 'disable' | 'mask';
  reason?: string;
  source: SourceLocation;
}

/**
 * Finishing operations the WSL transform adds (or a WSL profile needs); executed after
 * config.sh, in order, by the builder.
 */
export type FinishStep =
  | { kind: 'write-file'; path: string; content: string; mode: number; source: SourceLocation }
  | { kind: 'copy-file'; from: string; path: string; mode: number; source: SourceLocation }
  | { kind: 'remove-path'; path: string; source: SourceLocation }
  | { kind: 'mask-unit'; unit: string; source: SourceLocation }
  | { kind: 'lock-root'; source: SourceLocation }
  | { kind: 'machine-id-uninitialized'; source: SourceLocation }
  | { kind: 'strip-boot-fstab'; source: SourceLocation }
  /** Sets `[boot] systemd` in /etc/wsl.conf (a container profile converted to WSL has no systemd). */
  | { kind: 'set-boot-systemd'; enabled: boolean; source: SourceLocation }
  /** Masks every unit WSL discourages that a package left enabled (the validator's own rule decides). */
  | { kind: 'mask-enabled-discouraged-units'; source: SourceLocation };

/** A profile field that means nothing for a WSL rootfs and was skipped on purpose. */
export interface IgnoredField {
  field: string;
  reason: string;
  source: SourceLocation;
}

export interface BuildPlan {
  format: ProfileFormat;
  /** The profile file the user pointed at (images.toml, .kiwi or .json), absolute. */
  profilePath: string;
  /** Folder that relative paths in the description resolve against. */
  descriptionDir: string;
  /** Image name (`kiwi_iname`, toolkit `SystemConfigs[].Name`, or images.toml key). */
  imageName: string;
  /** KIWI: the selected leaf profile and everything it requires, in resolution order. */
  activeProfiles: string[];
  /** Selected leaf profile name (KIWI) or config file base name (toolkit). */
  profileName: string;
  /** KIWI `type@image` (`wsl`, `oem`, `oci`…); toolkit: `rootfs`/`vhd`/… from Disks. */
  imageType: Sourced<string>;
  /** KIWI `type@bundle_format`, e.g. `AzureLinux-4-%A`. */
  bundleFormat?: Sourced<string>;
  releaseVersion: Sourced<string>;
  /** Target architecture as rpm names it (`x86_64`, `aarch64`). */
  arch: string;
  /** Package manager the profile asks for (`dnf5`, `dnf`, `tdnf`); the builder maps it to what is installed. */
  packageManager: Sourced<string>;
  locale?: Sourced<string>;
  timezone?: Sourced<string>;
  hostname?: Sourced<string>;
  rpmExcludeDocs: Sourced<boolean>;
  rpmLocaleFiltering?: Sourced<boolean>;
  /**
   * rpm's `%_install_langs` for the install and the image (toolkit `OverrideRpmLocales`, or KIWI
   * `rpm-locale-filtering` with the profile's locale): only these locales' files are installed.
   */
  installLangs?: Sourced<string>;
  /** `plusRecommended` anywhere among the active image packages ⇒ weak dependencies on. */
  installWeakDeps: boolean;
  repositories: RepositorySpec[];
  packages: PackageSets;
  files: FileSpec[];
  overlays: OverlaySpec[];
  scripts: ScriptSpec[];
  users: UserSpec[];
  groups: GroupSpec[];
  services: ServiceSpec[];
  /** Remove the rpm database at the end (toolkit `RemoveRpmDb`, distroless images). */
  removeRpmDb: boolean;
  finish: FinishStep[];
  ignored: IgnoredField[];
  /**
   * Every file of the description that was read (the top file, includes, package lists,
   * config.sh, overlay files, `<file>` sources), relative to `descriptionDir`, with its SHA-256:
   * the manifest's provenance.
   */
  descriptionFiles?: DescriptionFile[];
}

/** What a plan must say; everything else starts empty (no packages, files, scripts, accounts…). */
export type BuildPlanEssentials = Pick<
  BuildPlan,
  'format' | 'profilePath' | 'descriptionDir' | 'imageName' | 'profileName' | 'imageType' | 'releaseVersion' | 'arch' | 'packageManager' | 'rpmExcludeDocs'
>;

/** Five empty package sets. */
export function emptyPackageSets(): PackageSets {
  return { bootstrap: [], image: [], uninstall: [], delete: [], ignore: [] };
}

/**
 * A new plan: the essentials, every list empty and every switch off, then `rest` (the one place
 * a plan is made, so a field added to BuildPlan gets its empty value once).
 */
export function createBuildPlan(essentials: BuildPlanEssentials, rest: Partial<BuildPlan> = {}): BuildPlan {
  return {
    ...essentials,
    activeProfiles: [],
    installWeakDeps: false,
    repositories: [],
    packages: emptyPackageSets(),
    files: [],
    overlays: [],
    scripts: [],
    users: [],
    groups: [],
    services: [],
    removeRpmDb: false,
    finish: [],
    ignored: [],
    ...rest,
  };
}

/** One file of the description as it was read. */
export interface DescriptionFile {
  path: string;
  sha256: string;
}

/** Where the release version comes from when a KIWI profile sets none: KIWI passes 0 to dnf. */
export const KIWI_RELEASE_FALLBACK: SourceLocation = Object.freeze({ file: '<KIWI fallback: the profile sets no release-version>', line: 0 });

/** True when the plan's release version is KIWI's fallback (compared by value: plans travel as JSON). */
export function usesKiwiReleaseFallback(plan: Pick<BuildPlan, 'releaseVersion'>): boolean {
  return plan.releaseVersion.source.file === KIWI_RELEASE_FALLBACK.file;
}

/** Every package set name, in install order. */
export const PACKAGE_SET_NAMES = ['bootstrap', 'image', 'uninstall', 'delete', 'ignore'] as const;
