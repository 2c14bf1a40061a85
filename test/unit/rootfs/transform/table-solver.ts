// An in-memory repository answering the dependency-removal algorithm's questions the way dnf
// does (a chain of "package A requires B" edges ending in the packages filtered out), so the
// algorithm's rounds can be tested on their own. Real dnf answers the same questions in the
// integration tests (test/integration/rootfs/build/).
import type { DependencyProblem, TransactionResolution } from '../../../../rootfs/build/dnf-transaction.js';
import type { TransactionSolver } from '../../../../rootfs/transform/dependency-removal.js';

export interface TablePackage {
  requires?: string[];
  provides?: string[];
  /** False for a meta-package (owns no files). */
  files?: boolean;
  version?: string;
}

/** Packages not in `table` exist, require nothing and own files; `missing` names ones that do not exist. */
export function tableSolver(table: Record<string, TablePackage>, missing: readonly string[] = []): TransactionSolver & { calls: number } {
  const entry = (name: string): TablePackage | undefined => (missing.includes(name) ? undefined : (table[name] ?? {}));
  /** A listed package by name; else the listed packages that provide it; else an implicit package of that name. */
  const providersOf = (capability: string): string[] => {
    const name = capability.split(/\s+/)[0]!;
    if (table[name]) return [name];
    const virtual = Object.keys(table).filter((candidate) => (table[candidate]!.provides ?? []).includes(name));
    if (virtual.length > 0) return virtual;
    return missing.includes(name) ? [] : [name];
  };
  const solver = {
    calls: 0,
    async resolve(request: readonly string[], excludes: readonly string[]): Promise<TransactionResolution> {
      solver.calls += 1;
      const excluded = new Set(excludes);
      const unmatched = request.filter((name) => entry(name.split(/\s+/)[0]!) === undefined);
      if (unmatched.length > 0) return { ok: false, problems: [], unmatched, output: unmatched.map((name) => `No match for argument: ${name}`).join('\n') };
      const installed = new Map<string, string[]>();
      const problems: DependencyProblem[] = [];
      const visit = (name: string, path: Array<{ requirer: string; requirement: string }>): void => {
        if (installed.has(name)) return;
        installed.set(name, []);
        for (const requirement of entry(name)?.requires ?? []) {
          const providers = providersOf(requirement);
          const usable = providers.filter((provider) => !excluded.has(provider));
          const edge = { requirer: name, requirement };
          if (usable.length === 0) {
            const text = [...path, edge].map((step) => `package ${step.requirer}-1.0-1.noarch requires ${step.requirement}, but none of the providers can be installed`);
            problems.push({
              edges: [...path, edge],
              excluded: providers.filter((provider) => excluded.has(provider)),
              unprovided: providers.length === 0 ? [{ requirement, requirer: name }] : [],
              text: text.join('\n'),
            });
            continue;
          }
          visit(usable[0]!, [...path, edge]);
        }
      };
      for (const name of request) {
        const providers = providersOf(name).filter((provider) => !excluded.has(provider));
        if (providers.length > 0) visit(providers[0]!, []);
      }
      if (problems.length > 0) return { ok: false, problems, unmatched: [], output: problems.map((problem) => problem.text).join('\n') };
      return { ok: true, packages: [...installed.keys()].map((name) => ({ name, evr: table[name]?.version ?? '1.0-1', arch: 'noarch' })) };
    },
    async isMetaPackage(name: string): Promise<boolean> {
      return entry(name)?.files === false;
    },
    async requirementsOf(name: string): Promise<string[]> {
      return [...(entry(name)?.requires ?? [])];
    },
  };
  return solver;
}
