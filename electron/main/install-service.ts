/** Installs for the app: live name/account checks and the install job, over the wsl engine. */
import { statfs, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccountCheck, AccountDraft, AccountRuleState, InstallRequest, JobInfo, NameCheck, NameCheckRequest } from '../contract/api.js';
import { AzlError } from '../../common/errors.js';
import type { JobManager } from './job-manager.js';
import type { InstallRecords } from './install-records.js';
import { RESERVED_USER_NAMES, USER_NAME_PATTERN, checkPassword, checkUserName } from '../../common/account-rules.js';
import { SUGGESTED_DISTRO_NAME, isValidDistroName, officialDistroName, suggestDistroName } from '../../common/distro-names.js';
import type { RegistrationMethod } from '../../common/install-method.js';
import type { WslCallOptions } from '../../wsl/driver/wsl-runner.js';
import { listDistroNames } from '../../wsl/driver/wsl-list.js';
import { getWslVersion, supportsFromFile } from '../../wsl/driver/wsl-version.js';
import { checkDistroName, checkLocation } from '../../wsl/preflight/preflight.js';
import type { DistroLocations } from '../../wsl/preflight/distro-locations.js';
import { defaultFromFileLocation, defaultInstallLocation, installDistro, type SigningKeyRequirement } from '../../wsl/install/install-distro.js';
import type { AdminPolicy } from '../../wsl/policy/admin-policy.js';
import { enforceInstallPolicy, refuseSystemAccount, signingKeysFor } from '../../wsl/policy/install-policy.js';
import { refuseLockedChange } from '../../wsl/policy/locked-settings.js';
import type { AccountRequest } from '../../wsl/account/account-options.js';

export interface InstallServiceOptions {
  jobs: JobManager;
  records: InstallRecords;
  wsl: WslCallOptions;
  distroLocations: DistroLocations;
  /** The admin policy in effect (checked before every install job starts). */
  policy?: () => Promise<AdminPolicy>;
}

/** The rules shown beside the account fields, in the order the user meets them. */
const RULE_TEXT: Record<AccountRuleState['id'], string> = {
  'user-empty': 'A user name is entered',
  'user-pattern': 'Starts with a lower-case letter or "_", then up to 31 lower-case letters, digits, "_" or "-"',
  'user-reserved': 'Is not a system account such as root or daemon',
  'user-free': 'Is not an account the image already has',
  'password-empty': 'A password is entered',
  'password-control': 'The password has no line breaks',
  'password-mismatch': 'Both passwords match',
};

/**
 * Passwords shorter than this get a warning (not a refusal): WSL sets no password policy, but
 * sudo asks for this password, and one or two characters are guessed at once.
 */
export const SHORT_PASSWORD_WARN_LENGTH = 4;

/** Shown as the from-file default location: WSL's shape, with the id the install will choose. */
const NEW_INSTALL_ID_PLACEHOLDER = 'a new install id';

/** Name, location and account checks, and install jobs. */
export class InstallService {
  private method: Promise<RegistrationMethod> | undefined;

  constructor(private readonly options: InstallServiceOptions) {}

  async checkName(request: NameCheckRequest): Promise<NameCheck> {
    const env = { ...process.env, ...this.options.wsl.env };
    const [names, supported] = await Promise.all([listDistroNames(this.options.wsl), this.installMethod()]);
    // The method the install will use: what the user chose, or what this WSL supports.
    const method = request.method === 'auto' ? supported : request.method;
    const defaultLocation = method === 'import' ? defaultInstallLocation(request.name || SUGGESTED_DISTRO_NAME, env) : defaultFromFileLocation(NEW_INSTALL_ID_PLACEHOLDER, env);
    const location = request.location && request.location.length > 0 ? request.location : undefined;
    const nameCheck = checkDistroName(request.name, names, request.allowOfficialName);
    // Without a chosen location the engine makes the default folder.
    const locationCheck = location ? await checkLocation(location, this.options.distroLocations) : undefined;
    const failed = nameCheck.status === 'fail';
    return {
      nameProblem: failed ? nameCheck.message : undefined,
      nameProblemKind: failed ? (nameCheck.code === 'DISTRO_EXISTS' ? 'exists' : isValidDistroName(request.name) && officialDistroName(request.name) ? 'official' : 'invalid') : undefined,
      nameHint: failed ? nameCheck.hint : undefined,
      suggestedName: suggestDistroName(request.name || SUGGESTED_DISTRO_NAME, names),
      locationProblem: locationCheck?.status === 'fail' ? locationCheck.message : undefined,
      defaultLocation,
      freeBytes: await freeBytesAt(location ?? defaultLocation),
      method,
    };
  }

  /** Every account rule with its state; main owns the rules (common/account-rules.ts). */
  checkAccount(draft: AccountDraft): AccountCheck {
    const existing = draft.existingUsers ?? [];
    const userProblem = checkUserName(draft.user, existing);
    const passwordProblem = checkPassword(draft.password);
    const mismatch = checkPassword(draft.password, { confirmation: draft.confirmation, allowEmpty: true });
    const states: Record<AccountRuleState['id'], boolean> = {
      'user-empty': draft.user.length > 0,
      'user-pattern': USER_NAME_PATTERN.test(draft.user),
      'user-reserved': !RESERVED_USER_NAMES.has(draft.user),
      'user-free': !existing.includes(draft.user),
      'password-empty': draft.password.length > 0,
      'password-control': !/[\0\r\n]/.test(draft.password),
      // Met only once both are typed: two empty fields do not "match".
      'password-mismatch': draft.password.length > 0 && draft.confirmation.length > 0 && draft.password === draft.confirmation,
    };
    const messages: Partial<Record<AccountRuleState['id'], string>> = {};
    for (const problem of [userProblem, passwordProblem, mismatch]) {
      // 'password-long' has no row in the wizard's rule list; the install refuses it before registering.
      if (problem && problem.rule !== 'password-long') messages[problem.rule === 'user-exists' ? 'user-free' : problem.rule] = problem.message;
    }
    const rules = (Object.keys(RULE_TEXT) as AccountRuleState['id'][])
      .filter((id) => id !== 'user-free' || existing.length > 0)
      .map((id) => ({
        id,
        text: RULE_TEXT[id],
        met: states[id],
        ...(states[id] ? {} : { message: messages[id] ?? RULE_TEXT[id] }),
      }));
    const warnings =
      draft.password.length > 0 && draft.password.length < SHORT_PASSWORD_WARN_LENGTH
        ? [`A ${draft.password.length}-character password is guessed at once. WSL does not require a strong one, but sudo will ask for it.`]
        : [];
    return { rules, ok: rules.every((rule) => rule.met), warnings };
  }

  /**
   * Registers the image and creates (or keeps) the account as a job. The admin policy is checked
   * first (the image, the account, the settings it locks) and a refusal names the key and value
   * before any job starts; so is running as SYSTEM.
   */
  async start(request: InstallRequest): Promise<JobInfo> {
    if (Boolean(request.account) === Boolean(request.existingAccount)) {
      throw new AzlError('INVALID_ARGUMENT', 'An install needs exactly one of a new account and an existing account to keep.');
    }
    const user = request.account?.user ?? request.existingAccount!.user;
    const account: AccountRequest | undefined = request.account && {
      user: request.account.user,
      password: { kind: 'plain', value: request.account.password },
      sudo: request.account.sudo,
      ...(request.account.uid !== undefined ? { uid: request.account.uid } : {}),
    };
    let signingKeys: SigningKeyRequirement[] = [];
    if (this.options.policy) {
      const policy = await this.options.policy();
      signingKeys = signingKeysFor(policy);
      refuseLockedChange(policy, 'installMethod', request.method);
      refuseLockedChange(policy, 'installLocation', request.location || undefined);
      if (request.account) refuseLockedChange(policy, 'sudo', request.account.sudo);
      // The policy's account rules are about an account the install creates; a kept one is the image's.
      await enforceInstallPolicy(policy, { file: request.image, ...(account ? { account } : {}) });
    }
    await refuseSystemAccount({ env: { ...process.env, ...this.options.wsl.env } });
    return this.options.jobs.start('install', `Install ${request.name}`, async (context) => {
      await installDistro({
        ...this.options.wsl,
        file: request.image,
        name: request.name,
        location: request.location || undefined,
        method: request.method,
        account,
        existingAccount: request.existingAccount && {
          user: request.existingAccount.user,
          ...(request.existingAccount.password ? { password: { kind: 'plain' as const, value: request.existingAccount.password } } : {}),
        },
        allowOfficialName: request.allowOfficialName,
        manifestPath: request.manifestPath,
        distroLocations: this.options.distroLocations,
        signingKeys,
        signal: context.signal,
        onProgress: context.onProgress,
      });
      await this.options.records.set(request.name, {
        imagePath: resolve(request.image),
        manifestPath: request.manifestPath,
        installedAt: new Date().toISOString(),
      });
      context.log(`${request.name} is installed; ${user} is its default user.`);
      return { distro: request.name };
    });
  }

  private installMethod(): Promise<RegistrationMethod> {
    this.method ??= getWslVersion(this.options.wsl)
      .then((info): RegistrationMethod => (supportsFromFile(info) ? 'from-file' : 'import'))
      .catch((error: unknown) => {
        this.method = undefined; // ask again next time: WSL may have been installed meanwhile
        throw error;
      });
    return this.method;
  }
}

/** Free bytes on the drive that would hold `path` (its nearest existing parent). */
async function freeBytesAt(path: string): Promise<number | undefined> {
  let probe = resolve(path);
  for (;;) {
    try {
      await stat(probe);
      break;
    } catch {
      if (dirname(probe) === probe) return undefined;
      probe = dirname(probe);
    }
  }
  try {
    const info = await statfs(probe);
    return Number(info.bavail) * Number(info.bsize);
  } catch {
    return undefined;
  }
}
