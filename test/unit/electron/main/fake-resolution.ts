/** What a fake executor's `resolve` answers in the desktop tests: a small marketplace-gen2 review. */
import type { ResolveRequest, ResolveResult } from '../../../../rootfs/executor/build-executor.js';
import type { BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { choicesOf } from '../../../../rootfs/executor/build-request.js';
import { createHash } from 'node:crypto';

export function fakeResolution(request: ResolveRequest, imagePackages: string[] = ['bash']): ResolveResult {
  const ref = (name: string) => ({ name, source: { file: 'AzureLinux.kiwi', line: 7 } });
  const bootstrap = ['filesystem'];
  return {
    plan: {
      packages: { bootstrap: bootstrap.map(ref), image: imagePackages.map(ref) },
      repositories: [{ url: 'file:///repo' }],
      imageName: 'marketplace-gen2',
      profileName: 'marketplace-gen2',
      arch: 'x86_64',
      releaseVersion: { value: '4.0', source: { file: 'AzureLinux.kiwi', line: 3 } },
      bundleFormat: { value: 'AzureLinux-4-%A', source: { file: '<wsl transform>', line: 0 } },
    } as unknown as BuildPlan,
    parity: {
      sourceProfile: 'marketplace-gen2',
      sourceImageType: 'oem',
      transformed: true,
      entries: [{ action: 'removed-package', subject: 'WALinuxAgent', reason: 'the Azure VM agent has no VM to manage in WSL', source: { file: 'AzureLinux.kiwi', line: 12 } }],
    },
    sourcePlan: {
      profilePath: request.profilePath,
      profileName: 'marketplace-gen2',
      imageName: 'AzureLinux',
      imageType: 'oem',
      releaseVersion: '4.0',
      arch: 'x86_64',
      packages: { bootstrap: bootstrap.length, image: imagePackages.length, uninstall: 0, delete: 0, ignore: 0 },
    },
    outputName: 'AzureLinux-4-marketplace-gen2-x86_64',
    rpmDatabase: { path: '/usr/lib/sysimage/rpm', from: 'the macros of rpm-4.20.0-1.azl4.x86_64.rpm' },
    // A digest of what the fake was asked, so two different reviews are told apart.
    review: { digest: createHash('sha256').update(JSON.stringify([request, imagePackages])).digest('hex'), profile: 'p'.repeat(64), repositories: [{ alias: 'cli-1', metadata: 'm'.repeat(64) }] },
    choices: choicesOf(request),
  };
}
