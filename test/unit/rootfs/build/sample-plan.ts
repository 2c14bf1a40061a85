/** A small, complete BuildPlan for build-engine tests; override any field. */
import { createBuildPlan, type BuildPlan, type PackageRef } from '../../../../rootfs/plan/build-plan.js';

const here = { file: 'test.kiwi', line: 1 };

/** Package refs for names. */
export function refs(...names: string[]): PackageRef[] {
  return names.map((name) => ({ name, source: here }));
}

/** A WSL-type plan with one file:// repository and no packages, scripts or files. */
export function samplePlan(overrides: Partial<BuildPlan> = {}): BuildPlan {
  return createBuildPlan(
    {
      format: 'kiwi',
      profilePath: '/nonexistent/test.kiwi',
      descriptionDir: '/nonexistent',
      imageName: 'test',
      profileName: 'wsl',
      imageType: { value: 'wsl', source: here },
      releaseVersion: { value: '4.0', source: here },
      arch: 'x86_64',
      packageManager: { value: 'dnf5', source: here },
      rpmExcludeDocs: { value: false, source: here },
    },
    {
      activeProfiles: ['wsl'],
      repositories: [{ alias: 'fx', url: 'file:///nonexistent/repo', gpgKeys: ['/keys/RPM-GPG-KEY'], source: here }],
      ...overrides,
    },
  );
}
