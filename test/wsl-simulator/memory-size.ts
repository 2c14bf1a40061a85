/** `<MemoryString>` of `--vhd-size` and `--manage --resize` (stringshared.h ParseMemorySize). */

const UNITS: Readonly<Record<string, bigint>> = { B: 1n, K: 1n << 10n, M: 1n << 20n, G: 1n << 30n, T: 1n << 40n };
const UINT64 = 1n << 64n;

/**
 * Bytes for `strtoull(text, 10)` followed by nothing, `B`, or `K`/`M`/`G`/`T` with an optional
 * `B` (upper case only); a zero must be written as exactly `0`. Undefined when WSL refuses it.
 */
export function parseMemorySize(text: string): bigint | undefined {
  const match = /^([ \t\n\v\f\r]*)([+-]?)(\d*)([\s\S]*)$/.exec(text)!;
  const [, space, sign, digits, remainder] = match;
  let value = digits === '' ? 0n : BigInt(digits) % UINT64;
  if (sign === '-') value = (UINT64 - value) % UINT64;
  if (value === 0n && (text[0] !== '0' || space.length + sign.length + digits.length !== 1)) return undefined;
  if (remainder === '') return value;
  const unit = remainder.length === 2 && remainder[1] === 'B' && remainder[0] !== 'B' ? remainder[0] : remainder.length === 1 ? remainder : undefined;
  const factor = unit === undefined ? undefined : UNITS[unit];
  return factor === undefined ? undefined : (value * factor) % UINT64;
}
