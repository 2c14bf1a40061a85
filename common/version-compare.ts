/**
 * Compares image versions the way rpm compares versions (rpmvercmp): digits and letters are
 * separate segments, numeric segments compare as numbers, letters compare as text, a numeric
 * segment is newer than a letter one, and more segments win. So 4.0.10 > 4.0.9 and
 * 4.0.20260601 > 4.0.20260501, which is what IT expects from build-date versions.
 */

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const left = segments(a);
  const right = segments(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    const xNumeric = /^\d/.test(x);
    const yNumeric = /^\d/.test(y);
    if (xNumeric !== yNumeric) return xNumeric ? 1 : -1;
    if (xNumeric) {
      const diff = compareDigits(x, y);
      if (diff !== 0) return diff;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return Math.sign(left.length - right.length);
}

function segments(version: string): string[] {
  return version.match(/\d+|[a-zA-Z]+/g) ?? [];
}

/** Numeric strings of any length, without losing precision. */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, '');
  const b = y.replace(/^0+(?=\d)/, '');
  if (a.length !== b.length) return Math.sign(a.length - b.length);
  return a === b ? 0 : a < b ? -1 : 1;
}
