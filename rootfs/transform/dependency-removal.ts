/**
 * Dependency-aware removal for the cloud → WSL conversion.
 *
 * A cloud profile's packages carry real dependency chains into what WSL drops (grubby and
 * os-prober require grub2-tools-minimal, rpm-plugin-selinux requires selinux-policy-base,
 * initramfs requires dracut, cloud-init-azure-kvp requires cloud-init). Removing the families by
 * pattern makes dnf fail with "filtered out by exclude filtering". Instead the package manager's
 * own solver decides, in rounds:
 *
 *   1. Resolve the whole transaction of what the profile asks for. Every package in it that
 *      belongs to a family WSL drops is removed by exact name.
 *   2. Resolve again with those names excluded. Each problem dnf reports is a chain ending in a
 *      removed package; its first link is a package that requires the removed one:
 *      - a protected package (systemd, bash, dnf, the release package…): stop, naming the chain;
 *      - a meta-package (owns no files, e.g. core-packages-base-image): expand it into its own
 *        requirements, without the blocked one, so everything else it brought stays;
 *      - anything else exists to serve what was removed: remove it too, with its chain.
 *   3. Repeat until the transaction resolves; then check the resolved transaction once more for
 *      family members a new resolution pulled in.
 *
 * The result names exact packages only, so nothing is blocked for the user of the finished
 * distribution. The solver is an interface so the algorithm can be read and tested on its own;
 * `PackageManager` implements it with dnf.
 */
import { AzlError } from '../../common/errors.js';
import { formatLocation, type SourceLocation } from '../../common/source-location.js';
import type { DependencyProblem, TransactionPackage, TransactionResolution } from '../build/dnf-transaction.js';
import { capabilityName, directBlockedEdges } from '../build/dnf-transaction.js';
import { isProtectedPackage, wslExclusionFor, type WslPackageRule } from './wsl-package-rules.js';

/** What the removal asks of the package manager. */
export interface TransactionSolver {
  /** Resolves installing `request` with `excludes` filtered out, without installing anything. */
  resolve(request: readonly string[], excludes: readonly string[]): Promise<TransactionResolution>;
  /** True when the package owns no files (a meta-package). */
  isMetaPackage(name: string): Promise<boolean>;
  /** The capabilities the package requires (rpmlib() requirements left out). */
  requirementsOf(name: string): Promise<string[]>;
}

/** A package the profile asks for, with where it asks. */
export interface RequestedPackage {
  name: string;
  source?: SourceLocation;
}

/** Why one package leaves the image. */
export interface RemovedPackage {
  name: string;
  /** The family rule that matched, for packages WSL drops by kind. */
  rule?: WslPackageRule;
  /** For dependents: the requirement that tied it to a removed package, and that package. */
  requires?: { requirement: string; provider: string };
  /** A package that required this one (from dnf's chain), when the profile did not ask for it. */
  pulledInBy?: string;
  /** Where the profile asks for it; absent for dependencies. */
  source?: SourceLocation;
  /** Human chain, first link first: ["grubby requires grub2-tools-minimal", "grub2-tools-minimal is removed for WSL (<reason>)"]. */
  chain: string[];
}

/** A meta-package replaced by its requirements, minus the ones that were removed. */
export interface ExpandedMetaPackage {
  name: string;
  /** Capabilities requested in its place. */
  into: string[];
  /** Requirements left out, each removed with its own chain. */
  without: string[];
  source?: SourceLocation;
}

export interface RemovalResult {
  removed: RemovedPackage[];
  expanded: ExpandedMetaPackage[];
  /** The transaction that finally resolved (what the build will install). */
  transaction: TransactionPackage[];
  /** How many times the solver ran. */
  rounds: number;
}

/** Safety stop: each round removes or expands at least one package, so real chains end long before. */
const MAX_ROUNDS = 40;

/** Runs the removal rounds for `requested` (bootstrap and image packages together). */
export async function resolveWslRemovals(requested: readonly RequestedPackage[], solver: TransactionSolver): Promise<RemovalResult> {
  const removed = new Map<string, RemovedPackage>();
  const expanded: ExpandedMetaPackage[] = [];
  const sourceOf = new Map(requested.map((ref) => [ref.name, ref.source] as const));
  let request = [...new Set(requested.map((ref) => ref.name))];

  const removeFamilyMembers = (names: Iterable<string>, pulledInBy?: (name: string) => string | undefined): boolean => {
    let changed = false;
    for (const name of names) {
      if (removed.has(name)) continue;
      const rule = wslExclusionFor(name);
      if (!rule) continue;
      const by = pulledInBy?.(name);
      removed.set(name, {
        name,
        rule,
        ...(sourceOf.get(name) ? { source: sourceOf.get(name) } : {}),
        ...(by && !sourceOf.has(name) ? { pulledInBy: by } : {}),
        chain: [`${name} is removed for WSL (${rule.reason})`],
      });
      changed = true;
    }
    return changed;
  };

  // Packages the profile names directly are known before the first resolution.
  removeFamilyMembers(request);
  let rounds = 0;
  for (;;) {
    if (++rounds > MAX_ROUNDS) {
      // Each round removes or expands at least one package, so this is a bug, not a user error.
      throw new Error(`The WSL conversion did not settle after ${MAX_ROUNDS} dependency rounds.`);
    }
    request = request.filter((name) => !removed.has(name));
    const resolution = await solver.resolve(request, [...removed.keys()]);
    if (resolution.ok) {
      // A new resolution may pull in another family member (another provider was chosen).
      if (removeFamilyMembers(resolution.packages.map((pkg) => pkg.name))) continue;
      return { removed: [...removed.values()], expanded, transaction: resolution.packages, rounds };
    }
    const progressed = await handleProblems(resolution, { removed, expanded, sourceOf, solver, setRequest: (next) => (request = next), request: () => request });
    if (!progressed) throw packageManagerFailure(resolution, removed);
  }
}

interface RoundState {
  removed: Map<string, RemovedPackage>;
  expanded: ExpandedMetaPackage[];
  sourceOf: Map<string, SourceLocation | undefined>;
  solver: TransactionSolver;
  request(): string[];
  setRequest(next: string[]): void;
}

/** Deals with every problem that traces back to a removed package; false when none did. */
async function handleProblems(resolution: Extract<TransactionResolution, { ok: false }>, state: RoundState): Promise<boolean> {
  let progressed = false;
  for (const problem of resolution.problems) {
    if (!isOurExclusion(problem, state.removed)) continue;
    for (const edge of directBlockedEdges(problem)) {
      const dependent = edge.requirer;
      if (state.removed.has(dependent)) continue;
      const provider = blockedProvider(edge.requirement, problem, state.removed);
      const chain = [`${dependent} requires ${edge.requirement}`, ...(state.removed.get(provider)?.chain ?? [`${provider} is removed`])];
      if (isProtectedPackage(dependent)) throw protectedPackageError(dependent, chain, problem, state);
      if (await state.solver.isMetaPackage(dependent)) {
        progressed = (await expandMetaPackage(dependent, state)) || progressed;
        continue;
      }
      const pulledInBy = problem.edges.find((other) => capabilityName(other.requirement) === dependent)?.requirer;
      state.removed.set(dependent, {
        name: dependent,
        requires: { requirement: edge.requirement, provider },
        ...(state.sourceOf.get(dependent) ? { source: state.sourceOf.get(dependent) } : {}),
        ...(pulledInBy && !state.sourceOf.has(dependent) ? { pulledInBy } : {}),
        chain,
      });
      progressed = true;
    }
  }
  return progressed;
}

/** A problem is ours when everything dnf filtered out in it is a package the conversion removed. */
function isOurExclusion(problem: DependencyProblem, removed: Map<string, RemovedPackage>): boolean {
  return problem.excluded.length > 0 && problem.excluded.every((name) => removed.has(name)) && problem.unprovided.length === 0;
}

/** Which removed package the requirement pointed at: by name, else the one dnf filtered out. */
function blockedProvider(requirement: string, problem: DependencyProblem, removed: Map<string, RemovedPackage>): string {
  const byName = capabilityName(requirement);
  if (removed.has(byName)) return byName;
  return problem.excluded.find((name) => removed.has(name)) ?? byName;
}

/** Replaces a meta-package in the request by its requirements; the blocked ones come back as problems and are removed. */
async function expandMetaPackage(name: string, state: RoundState): Promise<boolean> {
  if (state.expanded.some((entry) => entry.name === name)) return false;
  const requirements = await state.solver.requirementsOf(name);
  const into = requirements.filter((requirement) => !state.removed.has(capabilityName(requirement)));
  const without = requirements.filter((requirement) => state.removed.has(capabilityName(requirement)));
  const source = state.sourceOf.get(name);
  state.expanded.push({ name, into, without, ...(source ? { source } : {}) });
  const request = state.request().filter((entry) => entry !== name);
  for (const requirement of into) {
    if (!request.includes(requirement)) {
      request.push(requirement);
      if (!state.sourceOf.has(requirement)) state.sourceOf.set(requirement, source);
    }
  }
  state.setRequest(request);
  return true;
}

function protectedPackageError(dependent: string, chain: string[], problem: DependencyProblem, state: RoundState): AzlError {
  const where = state.sourceOf.get(dependent);
  const removedRoot = (chain[chain.length - 1] ?? '').split(' ')[0];
  return new AzlError('WSL_CONVERSION_BLOCKED', `This profile cannot be turned into a WSL image: ${chain.join('; ')}.`, {
    hint:
      `${dependent} is part of every WSL image, so the conversion will not remove it${where ? ` (${formatLocation(where)})` : ''}. ` +
      `Change the profile or its repositories so that ${dependent} no longer needs what WSL removes (${removedRoot}), ` +
      'or build the profile\'s WSL variant instead. Nothing was installed.',
    detail: problem.text,
  });
}

/** dnf's own failure: missing packages, conflicts — said as such, with our exclusions named only if they played a part. */
function packageManagerFailure(resolution: Extract<TransactionResolution, { ok: false }>, removed: Map<string, RemovedPackage>): AzlError {
  const missing = new Set(resolution.unmatched);
  for (const problem of resolution.problems) for (const entry of problem.unprovided) missing.add(capabilityName(entry.requirement));
  const detail = resolution.problems.map((problem) => problem.text).join('\n') || resolution.output.trim().split('\n').slice(-20).join('\n');
  if (missing.size > 0) {
    return new AzlError('PACKAGE_MISSING', `The repositories do not offer: ${[...missing].join(', ')}.`, {
      hint: 'This is the package manager\'s own answer, not the WSL conversion: check the profile\'s package names and its repositories (add or replace them with --repo / --set-repo).',
      detail,
    });
  }
  const ours = resolution.problems.some((problem) => problem.excluded.some((name) => removed.has(name)));
  return new AzlError('PACKAGE_MANAGER_FAILED', `The package manager cannot resolve the profile's packages${ours ? ' with the packages the WSL conversion removes left out' : ''}.`, {
    hint: ours
      ? `The WSL conversion removed ${[...removed.keys()].join(', ')}; the details show which requirement could not be met without them.`
      : 'The details show dnf\'s own reasons (conflicts or broken dependencies in the repositories).',
    detail,
  });
}
