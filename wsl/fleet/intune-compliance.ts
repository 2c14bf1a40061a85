/**
 * The flat JSON an Intune custom compliance discovery script returns (one level of settings,
 * each a boolean, a whole number or a string), made from an inventory. The matching rules are
 * `windows/intune/compliance-rules.json`; the setting names are this module's contract with it.
 */
import { compareVersions } from '../../common/version-compare.js';
import { toolVersion } from '../../common/tool-version.js';
import type { Inventory } from './inventory.js';

export interface IntuneCompliance {
  /** Distributions of this user (azl-wsl's own builder distributions left out). */
  AzlWslDistributions: number;
  /** Distributions installed by azl-wsl (they have /etc/azl-wsl/install.json). */
  AzlWslManaged: number;
  /** Distributions that were stopped and not inspected (0 with --start). */
  AzlWslNotInspected: number;
  /** Every distribution meets every admin policy rule (unknown counts as not). */
  AzlWslCompliant: boolean;
  /** Policy rules broken, over all distributions. */
  AzlWslPolicyViolations: number;
  /** The lowest image version among managed distributions ("0.0" when there is none), for a Version rule. */
  AzlWslImageVersion: string;
  /** The image name of that distribution ("" when none). */
  AzlWslImageName: string;
  /** Any distribution starts as root. */
  AzlWslRootDefaultUser: boolean;
  /** Any distribution has a NOPASSWD sudo rule. */
  AzlWslPasswordlessSudo: boolean;
  AzlWslToolVersion: string;
}

/** The version Intune's Version data type reads: up to four dot-separated numbers. */
function intuneVersion(version: string): string {
  const numbers = version.split(/[^0-9]+/).filter((part) => part !== '').slice(0, 4);
  return numbers.length >= 2 ? numbers.join('.') : `${numbers[0] ?? '0'}.0`;
}

export function intuneCompliance(inventory: Inventory): IntuneCompliance {
  const all = inventory.distributions;
  const managed = all.filter((distro) => distro.image !== undefined);
  const lowest = managed
    .filter((distro) => distro.image?.version !== undefined)
    .sort((a, b) => compareVersions(a.image!.version!, b.image!.version!))[0];
  return {
    AzlWslDistributions: all.length,
    AzlWslManaged: managed.length,
    AzlWslNotInspected: all.filter((distro) => !distro.inspected).length,
    AzlWslCompliant: all.every((distro) => distro.compliant === true),
    AzlWslPolicyViolations: all.reduce((count, distro) => count + distro.verdicts.filter((verdict) => verdict.ok === false).length, 0),
    AzlWslImageVersion: lowest ? intuneVersion(lowest.image!.version!) : '0.0',
    AzlWslImageName: lowest?.image?.name ?? '',
    AzlWslRootDefaultUser: all.some((distro) => distro.defaultUserIsRoot === true),
    AzlWslPasswordlessSudo: all.some((distro) => distro.passwordlessSudo === true),
    AzlWslToolVersion: toolVersion(),
  };
}
