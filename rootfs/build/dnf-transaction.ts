/**
 * Reading what dnf says about a transaction it was asked to resolve but not to run
 * (`install --assumeno`): the packages of the transaction table, or the dependency problems that
 * stop it. dnf 4 and dnf5 print the same shapes with small differences (dnf5 adds "from <repo>"
 * after a package and writes sizes as "6.1 KiB"); both are read here, and nowhere else.
 *
 * The solver is dnf's own: this module only turns its answer into data the WSL conversion can
 * reason about (who requires what, which providers were filtered out by our excludes).
 */

/** One package of a resolved transaction. */
export interface TransactionPackage {
  name: string;
  /** `[epoch:]version-release` as dnf prints it. */
  evr: string;
  arch: string;
}

/** "package A requires B, but none of the providers can be installed". */
export interface RequirementEdge {
  /** Package name of the requirer (NEVRA parsed). */
  requirer: string;
  /** The capability as dnf prints it: a name, `name >= 1.0`, or a file path. */
  requirement: string;
}

/** One numbered problem of a failed resolution. */
export interface DependencyProblem {
  edges: RequirementEdge[];
  /** Packages dnf says were "filtered out by exclude filtering". */
  excluded: string[];
  /** Capabilities "nothing provides X needed by Y": the repositories lack them. */
  unprovided: Array<{ requirement: string; requirer: string }>;
  /** The problem's own lines, for error details. */
  text: string;
}

export type TransactionResolution =
  | { ok: true; packages: TransactionPackage[] }
  | {
      ok: false;
      problems: DependencyProblem[];
      /** Arguments dnf could not match at all ("No match for argument"). */
      unmatched: string[];
      output: string;
    };

/** Section headers of the transaction table whose rows are packages that will be installed. */
const INSTALL_SECTION = /^(Installing|Upgrading|Reinstalling|Downgrading)( dependencies| weak dependencies| group\/module packages)?:\s*$/;
/** Any other section header ("Removing:", "Skipping packages with conflicts:", …) ends the rows we read. */
const SECTION_HEADER = /^[A-Z][A-Za-z /-]*:\s*$/;

/** Splits `name-[epoch:]version-release.arch` into its parts (dnf prints NEVRAs in problems). */
export function parseNevra(nevra: string): { name: string; evr: string; arch: string } | undefined {
  const match = /^(.+)-((?:\d+:)?[^-]+-[^-]+)\.([^.]+)$/.exec(nevra);
  if (!match) return undefined;
  return { name: match[1]!, evr: match[2]!, arch: match[3]! };
}

/**
 * Reads the packages of dnf's transaction table. dnf 4 wraps a name too long for its column onto
 * a line of its own and continues the row on the next line; both forms are read.
 */
export function parseTransactionTable(output: string): TransactionPackage[] {
  const packages: TransactionPackage[] = [];
  let inInstallSection = false;
  let pendingName: string | undefined;
  for (const rawLine of output.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+$/, '');
    if (INSTALL_SECTION.test(line)) {
      inInstallSection = true;
      pendingName = undefined;
      continue;
    }
    if (line === '' || /^=+$/.test(line) || /^Transaction Summary/.test(line) || (SECTION_HEADER.test(line) && !line.startsWith(' '))) {
      inInstallSection = false;
      pendingName = undefined;
      continue;
    }
    if (!inInstallSection || !line.startsWith(' ')) continue;
    const tokens = line.trim().split(/\s+/);
    if (tokens.length === 1) {
      // dnf 4: a long name alone; the rest of the row follows.
      pendingName = tokens[0];
      continue;
    }
    const row = pendingName === undefined ? tokens : [pendingName, ...tokens];
    pendingName = undefined;
    // name arch evr repo size [unit] — the size may be one token ("6.6 k" is two in dnf 4).
    if (row.length < 4) continue;
    const [name, arch, evr] = row as [string, string, string];
    packages.push({ name, arch, evr });
  }
  return packages;
}

const REQUIRES_EDGE = /package (\S+)(?: from \S+)? requires (.+?), but none of the providers can be installed/;
const FILTERED = /package (\S+)(?: from \S+)? (?:is filtered out by exclude filtering|is excluded)/;
const NOTHING_PROVIDES = /nothing provides (.+?) needed by (\S+)/;

/** Reads dnf's numbered "Problem N:" blocks (or a single "Problem:") from a failed resolution. */
export function parseDependencyProblems(output: string): DependencyProblem[] {
  const problems: DependencyProblem[] = [];
  let current: { lines: string[] } | undefined;
  const flush = (): void => {
    if (!current) return;
    const text = current.lines.join('\n');
    const edges: RequirementEdge[] = [];
    const excluded: string[] = [];
    const unprovided: DependencyProblem['unprovided'] = [];
    for (const line of current.lines) {
      const edge = REQUIRES_EDGE.exec(line);
      if (edge) {
        const requirer = parseNevra(edge[1]!)?.name ?? edge[1]!;
        edges.push({ requirer, requirement: edge[2]!.trim() });
      }
      const filtered = FILTERED.exec(line);
      if (filtered) excluded.push(parseNevra(filtered[1]!)?.name ?? filtered[1]!);
      const missing = NOTHING_PROVIDES.exec(line);
      if (missing) unprovided.push({ requirement: missing[1]!.trim(), requirer: parseNevra(missing[2]!)?.name ?? missing[2]! });
    }
    problems.push({ edges, excluded: [...new Set(excluded)], unprovided, text });
    current = undefined;
  };
  for (const line of output.split(/\r?\n/)) {
    if (/^\s*Problem( \d+)?:/.test(line)) {
      flush();
      current = { lines: [line.trim()] };
      continue;
    }
    if (current && /^\s+- /.test(line)) {
      current.lines.push(line.trim());
      continue;
    }
    flush();
  }
  flush();
  return problems;
}

/** Arguments dnf could not match ("No match for argument: x", "Unable to find a match: x y"). */
export function parseUnmatchedArguments(output: string): string[] {
  const names = new Set<string>();
  for (const match of output.matchAll(/No match for argument:\s*(\S+)/g)) names.add(match[1]!);
  for (const match of output.matchAll(/All matches were filtered out by exclude filtering for argument:\s*(\S+)/g)) names.add(match[1]!);
  for (const match of output.matchAll(/Unable to find a match:\s*(.+)/g)) for (const name of match[1]!.trim().split(/\s+/)) names.add(name);
  return [...names];
}

/**
 * The requirements in a problem whose providers are gone, i.e. the first link of each chain:
 * an edge whose requirement no other requirer in the same problem satisfies by name. In
 * "meta requires grubby; grubby requires grub2-tools-minimal; grub2-tools-minimal is filtered",
 * that is grubby → grub2-tools-minimal.
 */
export function directBlockedEdges(problem: DependencyProblem): RequirementEdge[] {
  const requirers = new Set(problem.edges.map((edge) => edge.requirer));
  return problem.edges.filter((edge) => !requirers.has(capabilityName(edge.requirement)));
}

/** `name >= 1.0` → `name`; file paths and plain names stay as they are. */
export function capabilityName(requirement: string): string {
  return requirement.split(/\s+/)[0]!;
}

/** True when dnf's answer to `install --assumeno` is a failure to resolve rather than the aborted transaction. */
export function resolutionFailed(output: string): boolean {
  return /^(Error:|Failed to resolve the transaction)|^\s*Problem( \d+)?:|No match for argument|Unable to find a match/m.test(output);
}

/** Reads dnf's whole answer to `install --assumeno`. */
export function readResolution(output: string): TransactionResolution {
  if (!resolutionFailed(output)) return { ok: true, packages: parseTransactionTable(output) };
  return { ok: false, problems: parseDependencyProblems(output), unmatched: parseUnmatchedArguments(output), output };
}
