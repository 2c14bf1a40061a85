/**
 * `wsl --version`: which WSL is installed. Store WSL prints a 7-line block of `label: value`
 * lines (labels localized, order fixed); the inbox wsl.exe of older Windows rejects the option,
 * which is how it is told apart (wsl-spec.md §3.2).
 */
import { runWsl, type WslCallOptions } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';

/** The oldest WSL with `--install --from-file` and `.wsl` files. */
export const FROM_FILE_MIN_VERSION = '2.4.4';

export type WslVersionInfo =
  | {
      kind: 'store';
      wsl: string;
      kernel?: string;
      wslg?: string;
      msrdc?: string;
      direct3d?: string;
      dxcore?: string;
      windows?: string;
    }
  | { kind: 'inbox' };

/** The block's fields in wsl.exe's fixed order (WR MessagePackageVersions). */
const FIELD_ORDER = ['wsl', 'kernel', 'wslg', 'msrdc', 'direct3d', 'dxcore', 'windows'] as const;

/** Parses the `--version` block, or undefined when the text is not one. */
export function parseWslVersion(text: string): WslVersionInfo | undefined {
  const values = text
    .split('\n')
    .map((line) => /^[^:\uff1a]+[:\uff1a]\s*(\S.*?)\s*$/.exec(line)?.[1])
    .filter((value): value is string => value !== undefined);
  if (values.length === 0 || !/^\d+\.\d+\.\d+/.test(values[0])) return undefined;
  const info: Record<string, string> = {};
  FIELD_ORDER.forEach((field, index) => {
    if (values[index] !== undefined) info[field] = values[index];
  });
  return { kind: 'store', ...(info as { wsl: string }) };
}

/** Runs `wsl --version`; `{kind: 'inbox'}` when this wsl.exe does not know the option. */
export async function getWslVersion(options: WslCallOptions = {}): Promise<WslVersionInfo> {
  const result = await runWsl(['--version'], { ...options, name: 'version' });
  // A coded failure (policy, broken install) is a real error; only an uncoded usage refusal means inbox.
  if (result.failed && result.error) throw wslFailure(result, 'Reading the WSL version');
  const parsed = result.exitCode === 0 ? parseWslVersion(result.text) : undefined;
  return parsed ?? { kind: 'inbox' };
}

/** Compares dotted versions numerically ("2.10.0" > "2.4.4"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

/** True when this WSL can `--install --from-file`. */
export function supportsFromFile(info: WslVersionInfo): boolean {
  return info.kind === 'store' && compareVersions(info.wsl, FROM_FILE_MIN_VERSION) >= 0;
}
