/**
 * `wsl --status`: default distribution and version. Also the cheapest probe that touches the
 * service, so preflight uses its failure token to spot virtualization and policy problems.
 */
import { runWsl, type WslCallOptions, type WslResult } from './wsl-runner.js';
import { wslFailure } from './wsl-errors.js';
import { isWslDistroName } from '../../common/distro-names.js';

export interface WslStatus {
  defaultDistribution?: string;
  defaultVersion?: number;
}

/**
 * Parses `--status`. Labels are localized, so the line whose value is a lone 1 or 2 is the
 * default version and the first other `label: value` line is the default distribution.
 */
export function parseWslStatus(text: string): WslStatus {
  const status: WslStatus = {};
  for (const line of text.split('\n')) {
    const value = /^[^:\uff1a]+[:\uff1a]\s*(\S.*?)\s*$/.exec(line)?.[1];
    if (value === undefined) continue;
    if (/^[12]$/.test(value) && status.defaultVersion === undefined) status.defaultVersion = Number(value);
    else if (status.defaultDistribution === undefined && isWslDistroName(value)) {
      status.defaultDistribution = value;
    }
  }
  return status;
}

/** Runs `wsl --status` and returns the raw result (preflight classifies failures itself). */
export function probeWslStatus(options: WslCallOptions = {}): Promise<WslResult> {
  return runWsl(['--status'], { ...options, name: 'status' });
}

/** Runs `wsl --status`; throws the mapped AzlError when wsl.exe fails. */
export async function getWslStatus(options: WslCallOptions = {}): Promise<WslStatus> {
  const result = await probeWslStatus(options);
  if (result.failed) throw wslFailure(result, 'Reading the WSL status');
  return parseWslStatus(result.text);
}
