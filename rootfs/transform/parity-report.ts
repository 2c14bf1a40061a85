/**
 * The parity report: every difference between the cloud image a profile describes and the WSL
 * image we build from it, each with its reason and the profile line it came from. "Same as the
 * cloud image, except…" is the product's promise, so the exceptions must be written down.
 */
import { formatLocation, type SourceLocation } from '../../common/source-location.js';

export type ParityAction =
  | 'removed-package'
  | 'added-package'
  | 'swapped-package'
  | 'removed-file'
  | 'removed-script'
  | 'added-file'
  | 'masked-unit'
  | 'changed-setting'
  | 'removed-user'
  | 'note';

/** One difference from the source profile. */
export interface ParityEntry {
  action: ParityAction;
  /** Package, path, unit, setting or user the entry is about. */
  subject: string;
  /** The new package (swapped-package) or value (changed-setting). */
  replacement?: string;
  /** Why, in one line a user understands. */
  reason: string;
  /** Where the original item was declared; absent for items the transform adds by rule. */
  source?: SourceLocation;
}

/** All differences between the source profile and the image actually built. */
export interface ParityReport {
  /** The profile the plan was read from (leaf profile or config name). */
  sourceProfile: string;
  /** The profile's own image type (`oem`, `oci`, `wsl`…). */
  sourceImageType: string;
  /** False when the profile already describes a WSL image and builds unchanged. */
  transformed: boolean;
  entries: ParityEntry[];
}

/** Group headings, in the order a reader wants them: what left, what changed, what came in. */
const GROUPS: ReadonlyArray<{ actions: ParityAction[]; heading: string }> = [
  { actions: ['removed-package'], heading: 'Packages removed' },
  { actions: ['swapped-package'], heading: 'Packages swapped' },
  { actions: ['added-package'], heading: 'Packages added' },
  { actions: ['removed-file', 'removed-script'], heading: 'Files and scripts removed' },
  { actions: ['added-file'], heading: 'Files added' },
  { actions: ['masked-unit'], heading: 'Units masked' },
  { actions: ['changed-setting'], heading: 'Settings changed' },
  { actions: ['removed-user'], heading: 'Users removed' },
  { actions: ['note'], heading: 'Notes' },
];

/** One line for one entry, e.g. "removed `WALinuxAgent`: the Azure VM agent … (teams/cloud/vm-base.xml:12)". */
export function formatParityEntry(entry: ParityEntry): string {
  const where = entry.source ? ` (${formatLocation(entry.source)})` : '';
  const subject = `\`${entry.subject}\``;
  let head: string;
  switch (entry.action) {
    case 'removed-package':
    case 'removed-file':
    case 'removed-user':
      head = `removed ${subject}`;
      break;
    case 'removed-script':
      head = `removed script ${subject}`;
      break;
    case 'added-package':
    case 'added-file':
      head = `added ${subject}`;
      break;
    case 'swapped-package':
      head = `swapped ${subject} for \`${entry.replacement ?? '?'}\``;
      break;
    case 'masked-unit':
      head = `masked ${subject}`;
      break;
    case 'changed-setting':
      head = entry.replacement === undefined ? `changed ${subject}` : `set ${subject} to \`${entry.replacement}\``;
      break;
    case 'note':
      head = `note on ${subject}`;
      break;
  }
  return `${head}: ${entry.reason}${where}`;
}

/** The report as text for people: a summary line, then the entries grouped by kind. */
export function formatParityReport(report: ParityReport): string {
  const lines: string[] = [];
  if (!report.transformed) {
    lines.push(
      `Profile \`${report.sourceProfile}\` already describes a WSL image (type \`${report.sourceImageType}\`): it builds unchanged.`,
    );
  } else {
    lines.push(
      `Profile \`${report.sourceProfile}\` (type \`${report.sourceImageType}\`) was turned into a WSL image; ` +
        `${report.entries.length} difference${report.entries.length === 1 ? '' : 's'} from the cloud image:`,
    );
  }
  for (const group of GROUPS) {
    const entries = report.entries.filter((entry) => group.actions.includes(entry.action));
    if (entries.length === 0) continue;
    lines.push('', `${group.heading}:`);
    for (const entry of entries) lines.push(`  - ${formatParityEntry(entry)}`);
  }
  return lines.join('\n') + '\n';
}
