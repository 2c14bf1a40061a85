/** Installs for the app: live name/account checks and the install job, over the wsl engine. */
import { statfs, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AccountCheck, AccountDraft, AccountRuleState, InstallRequest, JobInfo, NameCheck } from '../contract/api.js';
import type { JobManager } from './job-manager.js';
import type { InstallRecords } from './install-records.js';
import { RESERVED_USER_NAMES, USER_NAME_PATTERN, checkPassword, checkUserName } from '../../common/account-rules.js';
import type { WslCallOptions } from '../../wsl/driver/wsl-runner.js';
import { listDistroNames } from '../../wsl/driver/wsl-list.js';
import { getWslVersion, supportsFromFile } from '../../wsl/driver/wsl-version.js';
import { checkDistroName, checkLocation } from '../../wsl/preflight/preflight.js';
import type { DistroLocations } from '../../wsl/preflight/distro-locations.js';
import { defaultInstallLocation, installDistro } from '../../wsl/install/install-distro.js';
import type { AdminPolicy } from '../../wsl/policy/admin-policy.js';
import { enforceInstallPolicy, refuseSystemAccount } from '../../wsl/policy/install-policy.js';
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
  'password-empty': 'A password is entered',
  'password-control': 'The password has no line breaks',
  'password-mismatch': 'Both passwords match',
};

/** Name, location and account checks, and install jobs. */
export class InstallService {
  private method: Promise<'from-file' | 'import'> | undefined;

  constructor(private readonly options: InstallServiceOptions) {}

  async checkName(name: string, location?: string): Promise<NameCheck> {
    const env = { ...process.env, ...this.options.wsl.env };
    const defaultLocation = defaultInstallLocation(name || 'NAME', env);
    const target = location && location.length > 0 ? location : defaultLocation;
    const [names, method] = await Promise.all([listDistroNames(this.options.wsl), this.installMethod()]);
    const nameCheck = checkDistroName(name, names);
    // Without a chosen location the engine makes the default folder (import) or WSL picks one (from-file).
    const locationCheck = location ? await checkLocation(location, this.options.distroLocations) : undefined;
    return {
      nameProblem: nameCheck.status === 'fail' ? nameCheck.message : undefined,
      locationProblem: locationCheck?.status === 'fail' ? locationCheck.message : undefined,
      defaultLocation,
      freeBytes: await freeBytesAt(target),
      method,
    };
  }

  /** Every account rule with its state; main owns the rules (common/account-rules.ts). */
  checkAccount(draft: AccountDraft): AccountCheck {
    const userProblem = checkUserName(draft.user);
    const passwordProblem = checkPassword(draft.password);
    const mismatch = checkPassword(draft.password, { confirmation: draft.confirmation, allowEmpty: true });
    const states: Record<AccountRuleState['id'], boolean> = {
      'user-empty': draft.user.length > 0,
      'user-pattern': USER_NAME_PATTERN.test(draft.user),
      'user-reserved': !RESERVED_USER_NAMES.has(draft.user),
      'password-empty': draft.password.length > 0,
      'password-control': !/[\0\r\n]/.test(draft.password),
      'password-mismatch': draft.password === draft.confirmation,
    };
    const messages: Partial<Record<AccountRuleState['id'], string>> = {};
    for (const problem of [userProblem, passwordProblem, mismatch]) {
      // 'password-long' has no row in the wizard's rule list; the install refuses it before registering.
      if (problem && problem.rule !== 'user-exists' && problem.rule !== 'password-long') messages[problem.rule] = problem.message;
    }
    const rules = (Object.keys(RULE_TEXT) as AccountRuleState['id'][]).map((id) => ({
      id,
      text: RULE_TEXT[id],
      met: states[id],
      ...(states[id] ? {} : { message: messages[id] ?? RULE_TEXT[id] }),
    }));
    return { rules, ok: rules.every((rule) => rule.met) };
  }

  /**
   * Registers the image and creates the account as a job. The admin policy is checked first
   * (the image, the account, the settings it locks) and a refusal names the key and value
   * before any job starts; so is running as SYSTEM.
   */
  async start(request: InstallRequest): Promise<JobInfo> {
    const account: AccountRequest = { user: request.account.user, password: { kind: 'plain', value: request.account.password }, sudo: request.account.sudo };
    if (this.options.policy) {
      const policy = await this.options.policy();
      refuseLockedChange(policy, 'installMethod', request.method);
      refuseLockedChange(policy, 'installLocation', request.location || undefined);
      refuseLockedChange(policy, 'sudo', request.account.sudo);
      await enforceInstallPolicy(policy, { file: request.image, account });
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
        distroLocations: this.options.distroLocations,
        signal: context.signal,
        onProgress: context.onProgress,
      });
      await this.options.records.set(request.name, {
        imagePath: resolve(request.image),
        manifestPath: request.manifestPath,
        installedAt: new Date().toISOString(),
      });
      context.log(`${request.name} is installed; ${request.account.user} is its default user.`);
      return { distro: request.name };
    });
  }

  private installMethod(): Promise<'from-file' | 'import'> {
    this.method ??= getWslVersion(this.options.wsl)
      .then((info) => (supportsFromFile(info) ? 'from-file' : 'import') as 'from-file' | 'import')
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
