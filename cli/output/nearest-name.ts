/**
 * "Did you mean …?" for a mistyped command or option: the closest known name by edit distance
 * (a swap of two neighbouring letters counts once, as people type), or a unique name the typed
 * text begins, when it is close enough to be the likely intent.
 */

/** Edits allowed for a suggestion: enough for one or two typos, few enough to avoid nonsense. */
const MAX_DISTANCE = 2;

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name the user most likely meant, or undefined when none is close. */
export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  const prefixed = known.filter((name) => name.startsWith(lower));
  if (lower.length >= 2 && prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(lower, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  // Short names are all within two edits of each other: require more similarity for them.
  const allowed = Math.min(MAX_DISTANCE, Math.floor(Math.max(lower.length, 1) / 3));
  return bestDistance <= Math.max(1, allowed) ? best : undefined;
}
