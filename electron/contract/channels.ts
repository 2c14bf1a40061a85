/**
 * Every IPC channel, declared once: its name, its argument validator and (by type) its result.
 * Main registers exactly these, the preload and the web shim call exactly these.
 */
import type {
  AccountCheck, BuildSource, BuildStartOptions, CatalogEntry, DistroAccounts, DistroInfo, ExportCheck, ExportFormat, InstallRequest, JobInfo, JobLogLine,
  NameCheck, NameCheckRequest, OpenFilePurpose, ProfileInspection, PtyData, PtyExit, SaveFileRequest, Settings, AccountDraft, PtyOpenRequest, SettingsUpdate, DiagnosticsSaved,
  SnapshotSummary, UpgradeRequest,
} from './api.js';
import { INSTALL_METHODS } from '../../common/install-method.js';
import { args, array, boolean, integer, literal, object, oneOf, optional, string, tagged, type Validator } from './validate.js';

/** The arguments and result of every method channel. */
export interface MethodMap {
  'builds.catalog': { args: []; result: CatalogEntry[] };
  'builds.inspectProfile': { args: [string]; result: ProfileInspection };
  'builds.startReview': { args: [BuildSource]; result: JobInfo };
  'builds.start': { args: [BuildSource, BuildStartOptions?]; result: JobInfo };
  'install.checkName': { args: [NameCheckRequest]; result: NameCheck };
  'install.checkAccount': { args: [AccountDraft]; result: AccountCheck };
  'install.start': { args: [InstallRequest]; result: JobInfo };
  'distros.list': { args: []; result: DistroInfo[] };
  'distros.refresh': { args: []; result: DistroInfo[] };
  'distros.setDefault': { args: [string]; result: void };
  'distros.setDefaultUser': { args: [string, string]; result: void };
  'distros.accounts': { args: [string]; result: DistroAccounts };
  'distros.checkExport': { args: [string, string, ExportFormat]; result: ExportCheck };
  'distros.startExport': { args: [string, string, ExportFormat, boolean]; result: JobInfo };
  'distros.startUpgrade': { args: [UpgradeRequest]; result: JobInfo };
  'distros.startSnapshot': { args: [string, string]; result: JobInfo };
  'distros.snapshots': { args: [string]; result: SnapshotSummary[] };
  'distros.terminate': { args: [string]; result: void };
  'distros.unregister': { args: [string, string]; result: void };
  'distros.showLocation': { args: [string]; result: string };
  'distros.openInWindowsTerminal': { args: [string]; result: void };
  'pty.open': { args: [PtyOpenRequest]; result: string };
  'pty.write': { args: [string, string]; result: void };
  'pty.resize': { args: [string, number, number]; result: void };
  'pty.ack': { args: [string, number]; result: void };
  'pty.close': { args: [string]; result: void };
  'jobs.list': { args: []; result: JobInfo[] };
  'jobs.cancel': { args: [string]; result: void };
  'jobs.log': { args: [string]; result: JobLogLine[] };
  'settings.get': { args: []; result: Settings };
  'settings.update': { args: [SettingsUpdate]; result: Settings };
  'diagnostics.save': { args: []; result: DiagnosticsSaved };
  'dialogs.openFile': { args: [OpenFilePurpose, string?]; result: string | undefined };
  'dialogs.saveFile': { args: [SaveFileRequest]; result: string | undefined };
}

export type MethodChannel = keyof MethodMap;

/** Payloads of the events main pushes. */
export interface EventMap {
  /** The new list, pushed when main's refresh finds it changed. */
  'distros.changed': DistroInfo[];
  'jobs.update': JobInfo;
  'jobs.log': JobLogLine[];
  'pty.data': PtyData;
  'pty.exit': PtyExit;
}

export type EventChannel = keyof EventMap;

/** Prefix of every channel on the Electron IPC bus, so ours never collide with Electron's own. */
export const CHANNEL_PREFIX = 'azl:';

// WSL's own name rule is checked by the engine; here only the shape that may cross the boundary.
const distroName = string({ min: 1, max: 256 });
const path = string({ min: 1, max: 4096 });
const id = string({ min: 1, max: 64, pattern: /^[a-z0-9-]+$/ });
/** A Linux user name as it may appear in an image's passwd (the account rules check new ones). */
const userName = string({ min: 1, max: 64 });
const exportFormat = oneOf('wsl', 'tar.gz');
/** Terminal sizes beyond this are a bug or an attack, never a real window. */
const MAX_TERMINAL_CELLS = 10_000;

const buildSource: Validator<BuildSource> = tagged<BuildSource>({
  catalog: object({ kind: literal('catalog'), id: string({ min: 1, max: 64 }) }),
  profile: object({ kind: literal('profile'), path, image: optional(string({ max: 256 })), kiwiProfile: optional(string({ max: 256 })) }),
  image: object({ kind: literal('image'), path }),
});

/** Argument validators, one per method channel (the type makes a missing one a compile error). */
export const ARGUMENT_VALIDATORS: { [K in MethodChannel]: Validator<MethodMap[K]['args']> } = {
  'builds.catalog': args(),
  'builds.inspectProfile': args(path),
  'builds.startReview': args(buildSource),
  'builds.start': args(buildSource, optional(object({ reviewDigest: optional(string({ min: 64, max: 64, pattern: /^[0-9a-f]{64}$/ })) }))),
  'install.checkName': args(
    object({ name: string({ max: 256 }), location: optional(string({ max: 4096 })), method: oneOf(...INSTALL_METHODS), allowOfficialName: optional(boolean()) }),
  ),
  'install.checkAccount': args(
    object({ user: string({ max: 256 }), password: string({ max: 4096 }), confirmation: string({ max: 4096 }), existingUsers: optional(array(userName, 1000)) }),
  ),
  'install.start': args(
    object({
      image: path,
      manifestPath: optional(path),
      name: distroName,
      location: optional(path),
      method: oneOf(...INSTALL_METHODS),
      account: optional(object({ user: userName, password: string({ max: 4096 }), sudo: oneOf('password', 'nopasswd'), uid: optional(integer(1000, 59999)) })),
      existingAccount: optional(object({ user: userName, password: optional(string({ min: 1, max: 4096 })) })),
      allowOfficialName: optional(boolean()),
    }),
  ),
  'distros.list': args(),
  'distros.refresh': args(),
  'distros.setDefault': args(distroName),
  'distros.setDefaultUser': args(distroName, string({ min: 1, max: 64 })),
  'distros.accounts': args(distroName),
  // An empty file name asks for the default one, so the check takes any string up to a path's length.
  'distros.checkExport': args(distroName, string({ max: 4096 }), exportFormat),
  'distros.startExport': args(distroName, path, exportFormat, boolean()),
  'distros.startUpgrade': args(object({ name: distroName, image: path, keep: array(string({ min: 1, max: 4096 }), 64) })),
  'distros.startSnapshot': args(distroName, string({ max: 512 })),
  'distros.snapshots': args(distroName),
  'distros.terminate': args(distroName),
  'distros.unregister': args(distroName, string({ max: 256 })),
  'distros.showLocation': args(distroName),
  'distros.openInWindowsTerminal': args(distroName),
  'pty.open': args(object({ distro: distroName, cols: integer(1, MAX_TERMINAL_CELLS), rows: integer(1, MAX_TERMINAL_CELLS) })),
  'pty.write': args(id, string({ max: 1_000_000 })),
  'pty.resize': args(id, integer(0, MAX_TERMINAL_CELLS), integer(0, MAX_TERMINAL_CELLS)),
  'pty.ack': args(id, integer(0, Number.MAX_SAFE_INTEGER)),
  'pty.close': args(id),
  'jobs.list': args(),
  'jobs.cancel': args(id),
  'jobs.log': args(id),
  'settings.get': args(),
  'settings.update': args(object({ outputDir: optional(path), exportDir: optional(path) })),
  'dialogs.openFile': args(oneOf('profile', 'image'), optional(string({ max: 4096 }))) as Validator<[OpenFilePurpose, string?]>,
  'dialogs.saveFile': args(object({ defaultPath: path, format: exportFormat })),
  'diagnostics.save': args(),
};

/** All method channel names, for registration loops and tests. */
export const METHOD_CHANNELS = Object.keys(ARGUMENT_VALIDATORS) as MethodChannel[];

/** All event channel names. */
export const EVENT_CHANNELS: readonly EventChannel[] = ['distros.changed', 'jobs.update', 'jobs.log', 'pty.data', 'pty.exit'];
