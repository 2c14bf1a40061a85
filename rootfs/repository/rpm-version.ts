/**
 * rpm's version comparison (rpmvercmp) and epoch:version-release ordering, as dnf decides
 * whether an installed package is older than an advisory's fixed one: alphanumeric segments,
 * numbers compared as numbers and newer than letters, `~` sorts before anything (pre-releases),
 * `^` after the base version but before anything longer (post-release snapshots).
 */

function isAlnum(char: string): boolean {
  return /[0-9A-Za-z]/.test(char);
}

/** rpmvercmp: negative, 0 or positive. */
export function rpmVersionCompare(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlnum(a[i]!) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]!) && b[j] !== '~' && b[j] !== '^') j++;
    // Tilde: older than anything, even the end of the string.
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // Caret: newer than the end of the string, older than any further segment.
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /[0-9]/.test(a[i]!);
    const pattern = numeric ? /[0-9]/ : /[A-Za-z]/;
    let x = i;
    while (x < a.length && pattern.test(a[x]!)) x++;
    let y = j;
    while (y < b.length && pattern.test(b[y]!)) y++;
    const left = a.slice(i, x);
    const right = b.slice(j, y);
    // A numeric segment is newer than an alphabetic one.
    if (right === '') return numeric ? 1 : -1;
    if (numeric) {
      const l = left.replace(/^0+/, '');
      const r = right.replace(/^0+/, '');
      if (l.length !== r.length) return l.length > r.length ? 1 : -1;
      if (l !== r) return l > r ? 1 : -1;
    } else if (left !== right) {
      return left > right ? 1 : -1;
    }
    i = x;
    j = y;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export interface Evr {
  epoch: number | null;
  version: string;
  release: string;
}

/** epoch (none = 0), then version, then release. */
export function compareEvr(a: Evr, b: Evr): number {
  const epoch = (a.epoch ?? 0) - (b.epoch ?? 0);
  if (epoch !== 0) return Math.sign(epoch);
  return rpmVersionCompare(a.version, b.version) || rpmVersionCompare(a.release, b.release);
}

/** `[epoch:]version-release` for people. */
export function formatEvr(evr: Evr): string {
  return `${evr.epoch ? `${evr.epoch}:` : ''}${evr.version}-${evr.release}`;
}
