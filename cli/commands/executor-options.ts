/**
 * Where the engine runs and how it reaches the network: the options shared by `build`,
 * `plan --transform` and `builder` (the builder distro's base image, extra CAs, the Windows
 * root store), read once here.
 */
import type { CommandContext } from '../command.js';
import { usageError } from '../output/usage-error.js';
import { WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { BUILDER_MODES, chooseExecutor, type BuilderMode } from '../../wsl/builder/choose-executor.js';
import type { BuilderOptions } from '../../wsl/builder/builder-distro.js';
import { resolveBuildNetwork } from '../../wsl/builder/build-network.js';
import type { BuilderRelease } from '../../wsl/builder/builder-names.js';
import type { BuildChoices, BuildExecutor } from '../../rootfs/executor/build-executor.js';
import type { NetworkSettings } from '../../rootfs/executor/network-settings.js';
import type { BuildPlan } from '../../rootfs/plan/build-plan.js';
import type { ProfileOptionValues } from './profile-options.js';
import { POLICY_COMPLETIONS, POLICY_HELP, POLICY_OPTIONS, policyFor } from './policy-options.js';
import { repositoryVerdicts, refuseIfBroken } from '../../wsl/policy/policy-rules.js';
import type { AdminPolicy } from '../../wsl/policy/admin-policy.js';

/** The builder distro's source and the extra trust, for every command that may create it. */
export const BUILDER_SOURCE_OPTIONS = {
  'base-image': { type: 'string' },
  'plain-http': { type: 'boolean' },
  'ca-file': { type: 'string', multiple: true },
  'windows-ca': { type: 'boolean' },
  'no-windows-ca': { type: 'boolean' },
  ...POLICY_OPTIONS,
} as const;

export const BUILDER_SOURCE_HELP = `  --base-image REF       builder base image (default: the release's Azure Linux base image;
                         $AZL_WSL_BUILDER_IMAGE also sets it)
  --plain-http           talk plain http to the base image's registry (lab registries only)
  --ca-file PEM          extra root CA to trust (repeatable)
  --no-windows-ca        do not trust the extra roots of the Windows certificate store
                         (trusted by default on Windows: CurrentUser and LocalMachine Root,
                         minus the public roots Node already knows; --windows-ca forces it on)
${POLICY_HELP}
                         (ForceProxy and ForceCaFiles apply to every build and pull)`;

/** `build` and `plan --transform`: the builder's source plus where to run. */
/** `--builder`, the builder's source and `--wsl` (the WSL builder runs through wsl.exe). */
export const EXECUTOR_OPTIONS = { builder: { type: 'string' }, ...BUILDER_SOURCE_OPTIONS, ...WSL_OPTIONS } as const;

/** Shell completion for the executor options' values. */
export const EXECUTOR_COMPLETIONS = { builder: BUILDER_MODES, 'ca-file': 'file', wsl: 'file', ...POLICY_COMPLETIONS } as const;

export const EXECUTOR_HELP = `  --builder MODE         where to run dnf and the engine: auto (default: here on Linux with dnf
                         as root, else the WSL builder distro), local, or wsl (see azl-wsl builder --help)
${BUILDER_SOURCE_HELP}
${WSL_HELP}`;

export interface BuilderOptionValues {
  /** The wsl.exe to use. */
  wsl?: string;
  release?: string;
  'base-image'?: string;
  'plain-http'?: boolean;
  'ca-file'?: string[];
  'windows-ca'?: boolean;
  'no-windows-ca'?: boolean;
  policy?: string;
}

export interface ExecutorOptionValues extends BuilderOptionValues {
  builder?: string;
}

/** Builder options from the command line and environment (proxy: HTTPS_PROXY…, or the Windows system proxy; CAs: --ca-file, plus the Windows root store on Windows). */
export async function builderOptionsFrom(command: string, context: CommandContext, values: BuilderOptionValues): Promise<BuilderOptions> {
  const release = values.release ?? '4.0';
  if (release !== '4.0' && release !== '3.0') throw usageError(`Unknown release "${release}"; use 4.0 or 3.0.`, command);
  if (values['windows-ca'] && values['no-windows-ca']) throw usageError('Use --windows-ca or --no-windows-ca, not both.', command);
  const policy = await policyFor(context, values);
  const network = await resolveBuildNetwork({
    env: withForcedProxy(context.env, policy),
    caFiles: [...(policy.ForceCaFiles ?? []), ...(values['ca-file'] ?? [])],
    windowsCa: values['no-windows-ca'] ? false : values['windows-ca'],
    dataDir: context.env.AZL_WSL_DATA_DIR,
    signal: context.signal,
    log: (text) => context.stderr(`${text}\n`),
  });
  return {
    ...wslCallOptions(context, values),
    release: release as BuilderRelease,
    baseImage: values['base-image'] ?? context.env.AZL_WSL_BUILDER_IMAGE,
    plainHttp: values['plain-http'],
    dataDir: context.env.AZL_WSL_DATA_DIR,
    network,
  };
}

/** The environment with the policy's ForceProxy in place of the user's proxy variables. */
function withForcedProxy(env: NodeJS.ProcessEnv, policy: AdminPolicy): NodeJS.ProcessEnv {
  if (policy.ForceProxy === undefined) return env;
  const forced = { ...env };
  for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) delete forced[name];
  return { ...forced, HTTPS_PROXY: policy.ForceProxy, HTTP_PROXY: policy.ForceProxy };
}

/** Refuses a plan whose repositories the policy's AllowedRepositories does not list. */
export async function enforceRepositoryPolicy(context: CommandContext, values: { policy?: string }, plan: BuildPlan): Promise<void> {
  const policy = await policyFor(context, values);
  refuseIfBroken(policy, repositoryVerdicts(policy, plan.repositories.map((repository) => repository.url)));
}

/** `--builder` checked as a usage error (before any profile is read). */
export function builderModeFrom(command: string, values: { builder?: string }): BuilderMode {
  const mode = (values.builder ?? 'auto') as BuilderMode;
  if (!BUILDER_MODES.includes(mode)) throw usageError(`Unknown builder "${values.builder}"; use auto, local or wsl.`, command);
  return mode;
}

/** The executor `--builder` asks for, with the network settings from the options and environment. */
export async function executorFromOptions(
  command: string,
  context: CommandContext,
  values: ExecutorOptionValues,
  intoImage: { proxyIntoImage: boolean; caIntoImage: boolean } = { proxyIntoImage: false, caIntoImage: false },
): Promise<{ executor: BuildExecutor; network: NetworkSettings }> {
  const mode = builderModeFrom(command, values);
  const builderOptions = await builderOptionsFrom(command, context, values);
  const network = { ...builderOptions.network!, ...intoImage };
  return { executor: await chooseExecutor(mode, { ...builderOptions, network }), network };
}

/** The choices the profile options make (what `plan --transform` reviews and `build` builds). */
export function choicesFrom(plan: BuildPlan, values: ProfileOptionValues & { 'no-gpgcheck'?: boolean }): BuildChoices {
  return {
    profilePath: plan.profilePath,
    image: values.image,
    kiwiProfile: values['kiwi-profile'],
    arch: values.arch,
    repo: values.repo ?? [],
    setRepo: values['set-repo'] ?? [],
    gpgCheck: !values['no-gpgcheck'],
  };
}
