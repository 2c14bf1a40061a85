/**
 * The image's file name (without extension): the profile's KIWI `bundle_format` when it has
 * one (`AzureLinux-4-%A` → `AzureLinux-4-x86_64`), else `<imageName>-<profileName>-<arch>`
 * (the profile part left out when it repeats the image name, as images.toml keys often do).
 */
import type { BuildPlan } from '../plan/build-plan.js';
import { AzlError } from '../../common/errors.js';

/** KIWI bundle_format placeholders we can fill from a plan (kiwi: %N name, %A arch, %P profile, %T type, %M/%m version parts). */
function expandBundleFormat(format: string, plan: BuildPlan): string {
  const [major = '', minor = ''] = plan.releaseVersion.value.split('.');
  const values: Record<string, string> = {
    A: plan.arch,
    N: plan.imageName,
    P: plan.profileName,
    T: 'wsl',
    M: major,
    m: minor,
    v: plan.releaseVersion.value,
  };
  return format.replace(/%([A-Za-z])/g, (whole, letter: string) => values[letter] ?? whole);
}

/** Checks a user-given or derived name: one path component, printable, not hidden. */
export function checkOutputName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name) || name.length > 200) {
    throw new AzlError('USAGE', `"${name}" cannot be used as an image file name.`, {
      hint: 'Use letters, digits, dots, dashes, underscores or plus signs, starting with a letter or digit.',
    });
  }
  return name;
}

/** The output name for a plan, or the user's override. */
export function outputNameFor(plan: BuildPlan, override?: string): string {
  if (override) return checkOutputName(override);
  const parts = plan.imageName === plan.profileName ? [plan.imageName, plan.arch] : [plan.imageName, plan.profileName, plan.arch];
  const derived = plan.bundleFormat ? expandBundleFormat(plan.bundleFormat.value, plan) : parts.join('-');
  return checkOutputName(derived.replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^[^A-Za-z0-9]+/, ''));
}
