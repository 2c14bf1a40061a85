/** `--version N` of `--import` / `--install` and `--set-default-version N` (WslClient.cpp ParseVersionString). */
import type { SimulatorContext } from './simulator-context.js';

/** `std::stoi` of the argument, which must then be 1 or 2; else ERROR_VERSION_PARSE_ERROR. */
export function parseWslVersion(ctx: SimulatorContext, value: string): number {
  // stoi: leading whitespace, a sign, digits; anything after the digits is ignored.
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(value);
  const version = match ? Number(match[1]) : NaN;
  if (version !== 1 && version !== 2) ctx.out.failWith('versionParseError', 'Wsl/ERROR_VERSION_PARSE_ERROR');
  return version;
}
