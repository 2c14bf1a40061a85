/**
 * The policy checks every install path shares (CLI `install`, `ensure`, the app): the image
 * against AllowedImages and the version bounds, the account against RequireSudoPassword and
 * ForbidRootDefaultUser, all before anything is downloaded or registered. And the refusal to
 * install as SYSTEM, whose distributions no signed-in user can see.
 */
import { AzlError } from '../../common/errors.js';
import type { AccountRequest } from '../account/account-options.js';
import { readImageFacts } from '../account/image-snapshot.js';
import { currentIdentity, type IdentityOptions } from '../identity/windows-identity.js';
import type { CatalogImage } from '../catalog/catalog-image.js';
import type { AdminPolicy } from './admin-policy.js';
import type { SigningKeyRequirement } from '../install/install-distro.js';
import { accountVerdicts, imageVerdicts, refuseIfBroken, type ImageForPolicy, type PolicyVerdict } from './policy-rules.js';

/** The image facts policy needs, from a catalog entry (no download) or from the file. */
export async function imageForPolicy(source: { catalogImage?: CatalogImage; file?: string; sha256?: string; version?: string }, signal?: AbortSignal): Promise<ImageForPolicy> {
  if (source.catalogImage) {
    const image = source.catalogImage;
    return { names: [image.name, image.flavor], sha256: image.sha256, version: source.version ?? image.version, label: image.name };
  }
  const file = source.file!;
  const facts = await readImageFacts(file, signal);
  const version = source.version ?? facts.osRelease.IMAGE_VERSION ?? facts.osRelease.VERSION_ID ?? facts.osRelease.VERSION;
  return { names: [], sha256: source.sha256 ?? facts.sha256, version, label: file.replace(/^.*[\\/]/, '') };
}

/** True when the policy has a rule about images (so the file must be read before installing). */
export function policyChecksImages(policy: AdminPolicy): boolean {
  return policy.AllowedImages !== undefined || policy.MinimumImageVersion !== undefined || policy.MaximumImageVersion !== undefined;
}

/** The account as the policy sees it (undefined request: the distribution starts as root). */
export function accountForPolicy(account: AccountRequest | undefined): { user?: string; sudo?: 'password' | 'nopasswd'; passwordless?: boolean } {
  if (!account) return {};
  return { user: account.user, sudo: account.sudo, passwordless: (account.password ?? { kind: 'none' }).kind === 'none' };
}

/** Every install verdict; `image` only when the policy checks images. */
export function installVerdicts(policy: AdminPolicy, image: ImageForPolicy | undefined, account: AccountRequest | undefined): PolicyVerdict[] {
  return [...(image ? imageVerdicts(policy, image) : []), ...accountVerdicts(policy, accountForPolicy(account))];
}

export interface ImageSourceForPolicy {
  catalogImage?: CatalogImage;
  file?: string;
  sha256?: string;
  version?: string;
  signal?: AbortSignal;
}

/** Refuses an image the policy forbids (PolicyRefusal naming key and value), before it is fetched. */
export async function enforceImagePolicy(policy: AdminPolicy, source: ImageSourceForPolicy): Promise<void> {
  if (!policyChecksImages(policy)) return;
  refuseIfBroken(policy, imageVerdicts(policy, await imageForPolicy(source, source.signal)));
}

/** Refuses an account the policy forbids (undefined: the distribution would start as root). */
export function enforceAccountPolicy(policy: AdminPolicy, account: AccountRequest | undefined): void {
  refuseIfBroken(policy, accountVerdicts(policy, accountForPolicy(account)));
}

/** Both checks, image first. */
export async function enforceInstallPolicy(policy: AdminPolicy, request: ImageSourceForPolicy & { account?: AccountRequest }): Promise<void> {
  await enforceImagePolicy(policy, request);
  enforceAccountPolicy(policy, request.account);
}

/**
 * The keys an install must verify the image with: the one the user named (`--verify-key`, an
 * answer file's `image.verifyKey`) and the one the policy requires (RequireSigningKey), which
 * refuses as the policy when the image does not verify.
 */
export function signingKeysFor(policy: AdminPolicy, userKey?: string): SigningKeyRequirement[] {
  const keys: SigningKeyRequirement[] = [];
  if (userKey !== undefined) keys.push({ keyFile: userKey });
  if (policy.RequireSigningKey !== undefined && policy.RequireSigningKey !== userKey) keys.push({ keyFile: policy.RequireSigningKey, policySource: policy.source });
  return keys;
}

/** Refuses to run as SYSTEM: a distribution registered as SYSTEM is invisible to the user. */
export async function refuseSystemAccount(options: IdentityOptions = {}): Promise<void> {
  const identity = await currentIdentity(options);
  if (identity.system) {
    throw new AzlError('RUNNING_AS_SYSTEM', 'azl-wsl is running as SYSTEM; WSL distributions belong to one Windows user, so nothing installed now would be visible to anyone.', {
      hint: 'Run it as the signed-in user: in Intune set the Win32 app\'s "Install behavior" to User (windows/intune/README.md); in a script use the user\'s own session. Nothing was changed.',
    });
  }
}
