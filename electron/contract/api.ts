/**
 * The one API the renderer uses, shared by main, preload, the web host and the renderer.
 *
 * Every method returns a Promise of a Result: expected failures cross the boundary as data
 * (code, sentence, next step), never as thrown errors, because `ipcMain.handle` keeps only
 * an exception's message. Events are `onX(callback) → unsubscribe`.
 */
import type { AzlErrorCode } from '../../common/errors.js';
import type { InstallMethod, RegistrationMethod } from '../../common/install-method.js';
import type { ProfileChoices } from '../../common/profile-choices.js';

/** Every code a Result can carry: the engines' and the app boundary's, listed once in common/errors.ts. */
export type ApiErrorCode = AzlErrorCode;

/** An expected failure as plain data. */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** The engine's next step, when it gave one. */
  hint?: string;
  detail?: string;
}

/** What every API method resolves with. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** One entry of the source catalog in the wizard's first step. */
export interface CatalogEntry {
  id: string;
  label: string;
  description: string;
}

/** Where a new distribution comes from. */
export type BuildSource =
  | { kind: 'catalog'; id: string }
  | { kind: 'profile'; path: string; image?: string; kiwiProfile?: string }
  | { kind: 'image'; path: string };

/** One difference between the source profile and the WSL image (see rootfs parity report). */
export interface ParityItem {
  action: string;
  subject: string;
  replacement?: string;
  reason: string;
  /** file:line in the profile, when the item came from it. */
  source?: string;
}

/** What a local profile file offers to build: the images of an images.toml, the leaf profiles of a .kiwi, the SystemConfigs of a toolkit JSON. */
export type ProfileInspection = ProfileChoices;

/** An account an image already has (an exported distribution's people). */
export interface ImageAccount {
  name: string;
  uid: number;
}

/** What a build would do, shown before it starts. */
export interface BuildReview {
  sourceLabel: string;
  /** Names the reviewed plan: a build started with it builds exactly this plan (absent for `image` sources). */
  digest?: string;
  profilePath: string;
  profileName: string;
  imageType: string;
  /** True when the profile is not already a WSL image and the transform changed it. */
  transformed: boolean;
  packages: string[];
  repositories: string[];
  parity: ParityItem[];
  /** The file the build will write (default .wsl format), as the parity report's bundle format names it. */
  outputFile?: string;
  /** For `image` sources: nothing is built, the file is installed as it is. */
  prebuiltImage?: string;
  /** The rpm architecture the build targets (fills the profile's %A). */
  arch?: string;
  /** For `image` sources: the people's accounts already in the image (uid 1000–59999). */
  existingAccounts?: ImageAccount[];
  /** For `image` sources: the uid a new account gets when the image has someone at 1000. */
  nextFreeUid?: number;
  /** For `image` sources: the image's own default user ([user] default in its wsl.conf). */
  defaultUser?: string;
}

/** How a build starts. */
export interface BuildStartOptions {
  /** The review (BuildReview.digest) to carry out: refused when the profile or its repositories changed since. */
  reviewDigest?: string;
}

/** The image a finished build produced. */
export interface BuiltImage {
  imagePath: string;
  manifestPath: string;
  bytes: number;
  sha256: string;
  packageCount: number;
  warnings: number;
}

/** What the wizard offers and what WSL used (one definition in common/install-method.ts). */
export type { InstallMethod, RegistrationMethod } from '../../common/install-method.js';

/** A new first account, as the wizard collects it. The password never leaves main after this. */
export interface AccountInput {
  user: string;
  password: string;
  sudo: 'password' | 'nopasswd';
  /** Default 1000; the next free uid when the image already has someone there. */
  uid?: number;
}

/** An account the image already has, made the default user; a password given here replaces its own. */
export interface ExistingAccountInput {
  user: string;
  password?: string;
}

export interface InstallRequest {
  image: string;
  /** The manifest written next to a built image (recorded so the distro list can show it). */
  manifestPath?: string;
  name: string;
  location?: string;
  method: InstallMethod;
  /** A new account, or (exactly one of the two) an existing one to keep. */
  account?: AccountInput;
  existingAccount?: ExistingAccountInput;
  /** The user confirmed taking one of the names Microsoft's official image uses. */
  allowOfficialName?: boolean;
}

/** What the name and location step asks main to check as the user types. */
export interface NameCheckRequest {
  name: string;
  location?: string;
  method: InstallMethod;
  allowOfficialName?: boolean;
}

/** Live validation of a distribution name and location. */
export interface NameCheck {
  /** The problem with the name, or undefined when it is free and valid. */
  nameProblem?: string;
  /** What kind of problem: `official` can be confirmed (allowOfficialName), the others not. */
  nameProblemKind?: 'invalid' | 'exists' | 'official';
  /** The next step for the name problem (which characters are allowed, a free name). */
  nameHint?: string;
  /** A valid, free, unofficial name (the current one when it is all of those). */
  suggestedName: string;
  /** The problem with the location, or undefined when it is usable. */
  locationProblem?: string;
  /** Where the distribution goes when no location is given, for the method it will use. */
  defaultLocation: string;
  /** Free bytes where the disk would live (the chosen or the default location's drive), when measurable. */
  freeBytes?: number;
  /** The method WSL will use on this machine for the chosen one (auto resolved). */
  method?: RegistrationMethod;
}

export interface AccountDraft {
  user: string;
  password: string;
  confirmation: string;
  /** Names already in the image (a new account cannot take them). */
  existingUsers?: string[];
}

/** Every account rule with its current state, so the UI can show all of them as the user types. */
export interface AccountRuleState {
  id: 'user-empty' | 'user-pattern' | 'user-reserved' | 'user-free' | 'password-empty' | 'password-control' | 'password-mismatch';
  text: string;
  met: boolean;
  /** The specific message when the rule is broken. */
  message?: string;
}

export interface AccountCheck {
  rules: AccountRuleState[];
  ok: boolean;
  /** Advice that does not block (a very short password: WSL has no policy, but sudo will ask for it). */
  warnings: string[];
}

/** One registered distribution. */
export interface DistroInfo {
  name: string;
  state: string;
  version: number;
  isDefault: boolean;
  /** Present for distributions this app installed. */
  ours?: { imagePath: string; profile: string; imageName: string; builtAt: string; packageCount: number };
  location?: string;
}

export type ExportFormat = 'wsl' | 'tar.gz';

/** The users of an installed distribution, for the default-user dialog. */
export interface DistroAccounts {
  /** root and the people's accounts (uid 1000–59999), by uid. */
  users: ImageAccount[];
  /** Who `wsl -d NAME` starts as now. */
  defaultUser: string;
}

/** Main's answer about an export target, before the export starts. */
export interface ExportCheck {
  /** The file the export would write (full path: a relative name is put in the export folder). */
  path: string;
  /** Why it cannot be written there, or undefined. */
  problem?: string;
  /** True when a file of that name exists (it is replaced only when the export succeeds). */
  replaces: boolean;
  /** The export folder relative names go into. */
  folder: string;
}

/** A review reads the profile and asks the repositories (on Windows it may first create the WSL builder). */
export type JobKind = 'build' | 'install' | 'review' | 'export' | 'upgrade' | 'snapshot';
export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobStep {
  step: string;
  label: string;
  fraction?: number;
  detail?: string;
  done: boolean;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  title: string;
  state: JobState;
  steps: JobStep[];
  startedAt: number;
  error?: ApiError;
  /** Build jobs: the image; install jobs: the distribution name; review jobs: what a build would do; export jobs: the file. */
  image?: BuiltImage;
  distro?: string;
  review?: BuildReview;
  exported?: { path: string; bytes: number };
  /** Upgrade jobs: what was carried over, what to review, and the snapshot taken first. */
  upgraded?: UpgradeSummary;
  /** Snapshot jobs: the snapshot taken. */
  snapshot?: SnapshotSummary;
}

/** A verified snapshot of a distribution. */
export interface SnapshotSummary {
  id: string;
  distro: string;
  createdAt: string;
  note?: string;
  reason: string;
  sizeBytes: number;
  defaultUser?: string;
}

/** What an upgrade did. */
export interface UpgradeSummary {
  distro: string;
  /** The new image's name (os-release) or file. */
  image: string;
  defaultUser?: string;
  snapshotId: string;
  carried: { users: string[]; groups: string[]; sudoers: string[]; sshHostKeys: string[]; wslConfKeys: string[]; trees: string[] };
  /** /etc files that differ from the new image and were not carried: for the user to review. */
  etcChanges: Array<{ path: string; kind: 'changed' | 'only-in-old' }>;
  /** An earlier interrupted operation that was finished or rolled back first. */
  recovered?: string;
}

/** What the user asks of an upgrade. */
export interface UpgradeRequest {
  name: string;
  /** The new image (.wsl / .tar.gz / .tar). */
  image: string;
  /** More absolute paths to carry besides /home. */
  keep: string[];
}

export interface JobLogLine {
  jobId: string;
  stream: 'stdout' | 'stderr' | 'info';
  text: string;
}

export interface PtyOpenRequest {
  distro: string;
  cols: number;
  rows: number;
}

export interface PtyData {
  id: string;
  data: string;
}

export interface PtyExit {
  id: string;
  exitCode: number;
}

/** An app setting fixed by the organization's admin policy (shown locked, "set by your organization"). */
export interface LockedSetting {
  name: 'outputDir' | 'installMethod' | 'installLocation' | 'sudo';
  value: string;
  /** The policy key that fixes it (LockedSettings, RequireSudoPassword). */
  policyKey: string;
}

/** Where Help → Save diagnostics wrote its bundle. */
export interface DiagnosticsSaved {
  path: string;
  files: number;
}

export interface Settings {
  /** The OS user, for the account step's suggestion. */
  osUserName: string;
  suggestedUserName?: string;
  platform: string;
  outputDir: string;
  /** Where exports go by default (Documents, or the folder the user chose). */
  exportDir: string;
  /** False on machines without Windows Terminal (everything but Windows). */
  windowsTerminal: boolean;
  /** Settings the admin policy fixes; the UI shows them locked. */
  locked: LockedSetting[];
  /** True where the app can show the system's Open and Save dialogs (Electron). */
  fileDialogs: boolean;
}

export interface SettingsUpdate {
  outputDir?: string;
  exportDir?: string;
}

/** What an Open dialog is for (its title and file filters). */
export type OpenFilePurpose = 'profile' | 'image';

/** A Save dialog for an export. */
export interface SaveFileRequest {
  defaultPath: string;
  format: ExportFormat;
}

type Unsubscribe = () => void;

/** The object the preload exposes as `window.azl` (and the web host's shim recreates). */
export interface AzlApi {
  builds: {
    catalog(): Promise<Result<CatalogEntry[]>>;
    /** What a local profile file offers to build (its images or profiles, with descriptions). */
    inspectProfile(path: string): Promise<Result<ProfileInspection>>;
    /** Starts a review job (progress, cancel); its JobInfo carries the BuildReview when it succeeds. */
    startReview(source: BuildSource): Promise<Result<JobInfo>>;
    /** Starts a build job; with `reviewDigest`, of that review's plan (see BuildStartOptions). */
    start(source: BuildSource, options?: BuildStartOptions): Promise<Result<JobInfo>>;
  };
  install: {
    checkName(request: NameCheckRequest): Promise<Result<NameCheck>>;
    checkAccount(draft: AccountDraft): Promise<Result<AccountCheck>>;
    start(request: InstallRequest): Promise<Result<JobInfo>>;
  };
  distros: {
    /** Main's last known list, at once (read from wsl.exe only when main has none yet). */
    list(): Promise<Result<DistroInfo[]>>;
    /** Reads the list from wsl.exe now; changes are also pushed through onChanged. */
    refresh(): Promise<Result<DistroInfo[]>>;
    setDefault(name: string): Promise<Result<void>>;
    setDefaultUser(name: string, user: string): Promise<Result<void>>;
    /** The users and the current default user (one wsl.exe call; starts the distribution). */
    accounts(name: string): Promise<Result<DistroAccounts>>;
    /** Checks an export target (empty: the default file in the export folder) before the export starts. */
    checkExport(name: string, file: string, format: ExportFormat): Promise<Result<ExportCheck>>;
    /** Starts an export job; the file appears only when the export succeeded, and replaces an existing one only when `replace`. */
    startExport(name: string, file: string, format: ExportFormat, replace: boolean): Promise<Result<JobInfo>>;
    /** Starts an upgrade job (snapshot first; /home, accounts and settings carried; same name); cancel works until the swap begins. */
    startUpgrade(request: UpgradeRequest): Promise<Result<JobInfo>>;
    /** Starts a snapshot job (verified export into the snapshot folder). */
    startSnapshot(name: string, note: string): Promise<Result<JobInfo>>;
    /** The distribution's snapshots, newest first. */
    snapshots(name: string): Promise<Result<SnapshotSummary[]>>;
    terminate(name: string): Promise<Result<void>>;
    unregister(name: string, typedName: string): Promise<Result<void>>;
    showLocation(name: string): Promise<Result<string>>;
    openInWindowsTerminal(name: string): Promise<Result<void>>;
    onChanged(callback: (distros: DistroInfo[]) => void): Unsubscribe;
  };
  pty: {
    open(request: PtyOpenRequest): Promise<Result<string>>;
    write(id: string, data: string): Promise<Result<void>>;
    resize(id: string, cols: number, rows: number): Promise<Result<void>>;
    ack(id: string, chars: number): Promise<Result<void>>;
    close(id: string): Promise<Result<void>>;
    onData(callback: (data: PtyData) => void): Unsubscribe;
    onExit(callback: (exit: PtyExit) => void): Unsubscribe;
  };
  jobs: {
    list(): Promise<Result<JobInfo[]>>;
    cancel(id: string): Promise<Result<void>>;
    log(id: string): Promise<Result<JobLogLine[]>>;
    onUpdate(callback: (job: JobInfo) => void): Unsubscribe;
    onLog(callback: (lines: JobLogLine[]) => void): Unsubscribe;
  };
  settings: {
    get(): Promise<Result<Settings>>;
    update(update: SettingsUpdate): Promise<Result<Settings>>;
  };
  diagnostics: {
    /** Writes a bundle for the helpdesk (secrets redacted) and says where. */
    save(): Promise<Result<DiagnosticsSaved>>;
  };
  /** The system's file dialogs (Electron only; settings.fileDialogs says whether they exist). Resolve undefined when cancelled. */
  dialogs: {
    openFile(purpose: OpenFilePurpose, defaultPath?: string): Promise<Result<string | undefined>>;
    saveFile(request: SaveFileRequest): Promise<Result<string | undefined>>;
  };
}
