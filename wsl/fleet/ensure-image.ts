/**
 * `azl-wsl ensure`: bring one distribution to the image an answer file asks for, idempotently,
 * in the user's context, and say what happened as one result (the JSON Intune's detection and
 * remediation scripts read):
 * - missing → installed (with the first account);
 * - present at the wanted image (same SHA-256) → compliant (the account added if it is missing);
 * - present at an older or different image → upgraded (wsl/lifecycle/upgrade-distro.ts: a verified
 *   snapshot first, /home, accounts and settings carried, the old one replaced only once the new
 *   one checks out); with `check`, needs-upgrade;
 * - refused: the policy forbids the image or account, this runs as SYSTEM, the distribution was
 *   not installed by azl-wsl, or it runs a newer image than wanted (ensure never downgrades).
 * Policy and identity are checked before anything is downloaded or registered; with `check`
 * nothing is changed at all (detection scripts).
 */
import { AzlError, isAzlError } from '../../common/errors.js';
import { sha256OfFile } from '../../common/file-checks.js';
import type { WorkOptions } from '../../common/progress.js';
import { compareVersions } from '../../common/version-compare.js';
import { readImageFacts } from '../account/image-snapshot.js';
import { isDefaultUser, readPasswd } from '../account/setup-first-account.js';
import type { AnswerFile } from '../answers/answer-file.js';
import type { CatalogImage } from '../catalog/catalog-image.js';
import type { WslCallOptions } from '../driver/wsl-runner.js';
import { findDistro } from '../driver/wsl-list.js';
import { fetchCatalogImage, lookUpAnswerImage, prepareImage, type PreparedImage } from '../install/image-source.js';
import { ensureDistro } from '../install/install-distro.js';
import { upgradeDistro } from '../lifecycle/upgrade-distro.js';
import { installJournal } from '../install/install-journal.js';
import { readInstallRecord, type InstallRecord } from '../install/install-record.js';
import type { AdminPolicy } from '../policy/admin-policy.js';
import { installVerdicts, refuseSystemAccount, signingKeysFor } from '../policy/install-policy.js';
import { isPolicyRefusal, refuseIfBroken } from '../policy/policy-rules.js';
import type { Registry } from '../registry/registry.js';

export type EnsureState = 'compliant' | 'installed' | 'upgraded' | 'needs-upgrade' | 'needs-install' | 'refused' | 'failed';

export type RefusalReason = 'policy' | 'system' | 'unmanaged' | 'newer-installed';

export interface ImageSummary {
  name?: string;
  version?: string;
  sha256?: string;
  catalog?: string;
}

export interface EnsureReport {
  state: EnsureState;
  distro: string;
  /** Whether this run changed anything. */
  changed: boolean;
  message: string;
  wanted?: ImageSummary;
  installed?: ImageSummary;
  /** For `refused`. */
  reason?: RefusalReason;
  /** For policy refusals: the key and value that decided. */
  policy?: { key: string; value: string };
  /** What was done about an interrupted earlier install, if anything. */
  recovered?: string;
  /** For `failed`: the error. */
  error?: ReturnType<AzlError['toJSON']>;
}

export interface EnsureImageOptions extends WslCallOptions, WorkOptions {
  answers: AnswerFile;
  policy: AdminPolicy;
  registry: Registry;
  /** Read this catalog instead of the ones WSL is pointed at. */
  catalog?: string;
  /** Report only; change nothing. */
  check?: boolean;
  /** Image download cache (default: the per-user cache). */
  cacheDir?: string;
  allowOfficialName?: boolean;
}

/** The image the answer file wants, resolved without downloading (a local file is read for its digest). */
interface WantedImage {
  summary: ImageSummary;
  catalogImage?: CatalogImage;
  /** Present for path images (and filled in by `fetch` for catalog and url ones). */
  prepared?: PreparedImage;
  names: string[];
  label: string;
}

async function resolveWanted(options: EnsureImageOptions): Promise<WantedImage> {
  const image = options.answers.image;
  const work = { registry: options.registry, catalog: options.catalog, signal: options.signal, onProgress: options.onProgress, cacheDir: options.cacheDir };
  if (image.kind === 'catalog') {
    const entry = await lookUpAnswerImage(image, work);
    return { summary: { name: entry.name, version: entry.version, sha256: entry.sha256, catalog: entry.flavor }, catalogImage: entry, names: [entry.name, entry.flavor], label: entry.name };
  }
  if (image.kind === 'url') {
    return { summary: { version: image.version, sha256: image.sha256 }, names: [], label: image.url.replace(/^.*\//, '') };
  }
  const prepared = await prepareImage(image, work);
  const facts = await readImageFacts(prepared.file, options.signal).catch(() => undefined);
  const sha256 = prepared.sha256 ?? facts?.sha256 ?? (await sha256OfFile(prepared.file, options.signal));
  const version = image.version ?? facts?.osRelease.IMAGE_VERSION ?? facts?.osRelease.VERSION_ID ?? facts?.osRelease.VERSION;
  return { summary: { version, sha256 }, prepared: { ...prepared, sha256, identity: { ...prepared.identity, version } }, names: [], label: prepared.file.replace(/^.*[\\/]/, '') };
}

/** The wanted image as a local file (downloaded when needed). */
async function fetchWanted(wanted: WantedImage, options: EnsureImageOptions): Promise<PreparedImage> {
  if (wanted.prepared) return wanted.prepared;
  const work = { registry: options.registry, catalog: options.catalog, signal: options.signal, onProgress: options.onProgress, cacheDir: options.cacheDir };
  wanted.prepared = wanted.catalogImage ? await fetchCatalogImage(wanted.catalogImage, work) : await prepareImage(options.answers.image, work);
  return wanted.prepared;
}

function summaryOf(record: InstallRecord): ImageSummary {
  return { name: record.image.catalog?.name ?? record.image.name, version: record.image.version, sha256: record.image.sha256, catalog: record.image.catalog?.flavor };
}

/** Runs ensure; never throws for expected outcomes (refusals and failures are reports). */
export async function ensureImage(options: EnsureImageOptions): Promise<EnsureReport> {
  const distro = options.answers.name;
  const call: WslCallOptions = { wslPath: options.wslPath, env: options.env, signal: options.signal, logger: options.logger };
  let wanted: WantedImage | undefined;
  try {
    await refuseSystemAccount({ env: { ...process.env, ...options.env }, signal: options.signal });
    wanted = await resolveWanted(options);
    refuseIfBroken(options.policy, installVerdicts(options.policy, { names: wanted.names, sha256: wanted.summary.sha256, version: wanted.summary.version, label: wanted.label }, options.answers.account));

    const entry = await findDistro(distro, call);
    if (!entry) {
      if (options.check) return { state: 'needs-install', distro, changed: false, wanted: wanted.summary, message: `${distro} is not installed.` };
      const image = await fetchWanted(wanted, options);
      const result = await ensureDistro({ ...installOptions(options, image), name: distro });
      const installed = result.status === 'installed' ? summaryOf(result.install.record) : wanted.summary;
      return { state: 'installed', distro, changed: true, wanted: wanted.summary, installed, recovered: result.recovered, message: `Installed ${distro} (${describe(installed)}).` };
    }

    const record = await readInstallRecord(entry.name, call);
    if (!record) {
      return {
        state: 'refused',
        reason: 'unmanaged',
        distro,
        changed: false,
        wanted: wanted.summary,
        message: `${entry.name} exists but was not installed by azl-wsl (it has no /etc/azl-wsl/install.json), so its image is unknown; nothing was changed. Remove it or choose another name.`,
      };
    }
    const installed = summaryOf(record);
    if (installed.sha256?.toLowerCase() !== wanted.summary.sha256?.toLowerCase()) {
      const order = installed.version !== undefined && wanted.summary.version !== undefined ? compareVersions(installed.version, wanted.summary.version) : undefined;
      if (order !== undefined && order > 0) {
        return { state: 'refused', reason: 'newer-installed', distro, changed: false, wanted: wanted.summary, installed, message: `${entry.name} runs ${describe(installed)}, newer than the wanted ${describe(wanted.summary)}; ensure never downgrades. Nothing was changed.` };
      }
      if (options.check) {
        return { state: 'needs-upgrade', distro, changed: false, wanted: wanted.summary, installed, message: `${entry.name} runs ${describe(installed)}; the wanted image is ${describe(wanted.summary)}.` };
      }
      const image = await fetchWanted(wanted, options);
      const upgraded = await upgradeDistro({ ...call, onProgress: options.onProgress, distro: entry.name, file: image.file, sha256: image.sha256, imageIdentity: image.identity });
      const now = summaryOf((await readInstallRecord(entry.name, call)) ?? record);
      return {
        state: 'upgraded',
        distro,
        changed: true,
        wanted: wanted.summary,
        installed: now,
        recovered: upgraded.recovered,
        message: `Upgraded ${entry.name} from ${describe(installed)} to ${describe(now)}; /home, the accounts and settings were carried over (snapshot ${upgraded.snapshot.id}).`,
      };
    }

    if (options.check) {
      const user = options.answers.account.user;
      const hasUser = (await readPasswd(entry.name, call)).some((candidate) => candidate.name === user);
      if (!hasUser || !(await isDefaultUser(entry.name, user, call))) {
        return { state: 'needs-install', distro, changed: false, wanted: wanted.summary, installed, message: `${entry.name} runs the wanted image but does not start as ${user}.` };
      }
      return { state: 'compliant', distro, changed: false, wanted: wanted.summary, installed, message: `${entry.name} runs ${describe(installed)} and starts as ${user}, as wanted.` };
    }
    // Same image: let the install engine check the account (and finish an interrupted install).
    // The image file is needed only when an interrupted install of this name must be redone.
    const journal = await installJournal({ ...process.env, ...options.env }).read(distro);
    const image = journal || wanted.prepared ? await fetchWanted(wanted, options) : { file: '', identity: {} };
    const result = await ensureDistro({ ...installOptions(options, image), name: distro });
    const changed = result.status !== 'unchanged';
    return {
      state: result.status === 'installed' ? 'installed' : 'compliant',
      distro,
      changed,
      wanted: wanted.summary,
      installed,
      recovered: result.recovered,
      message: result.status === 'account-added' ? `${entry.name} runs the wanted image; added the account ${options.answers.account.user}.` : result.message,
    };
  } catch (error) {
    if (isPolicyRefusal(error)) {
      return { state: 'refused', reason: 'policy', distro, changed: false, wanted: wanted?.summary, policy: { key: error.policyKey, value: error.policyValue }, message: error.message };
    }
    if (isAzlError(error) && error.code === 'RUNNING_AS_SYSTEM') {
      return { state: 'refused', reason: 'system', distro, changed: false, message: `${error.message} ${error.hint}` };
    }
    if (isAzlError(error)) return { state: 'failed', distro, changed: false, wanted: wanted?.summary, message: error.message, error: error.toJSON() };
    throw error;
  }
}

function installOptions(options: EnsureImageOptions, image: PreparedImage) {
  const answers = options.answers;
  return {
    wslPath: options.wslPath,
    env: options.env,
    signal: options.signal,
    logger: options.logger,
    onProgress: options.onProgress,
    allowOfficialName: options.allowOfficialName,
    file: image.file,
    sha256: image.sha256,
    manifestPath: image.manifestPath,
    imageIdentity: image.identity,
    location: answers.location,
    method: answers.method,
    account: answers.account,
    signingKeys: signingKeysFor(options.policy, answers.verifyKey),
  };
}

function describe(image: ImageSummary): string {
  const parts = [image.name, image.version ? `version ${image.version}` : undefined, image.sha256 ? `sha256 ${image.sha256.slice(0, 12)}…` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'an unknown image';
}
