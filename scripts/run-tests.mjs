#!/usr/bin/env node
// Runs every *.test.ts under the given folders with node's own test runner (through tsx).
// Node 20's `--test` cannot glob .ts files itself, so the list is made here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules' || entry === 'fixtures-cache') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = (roots.length ? roots : ['test']).flatMap((root) =>
  statSync(root).isDirectory() ? collect(root, []) : [root],
);
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found under ' + roots.join(', '));
  process.exit(1);
}
// Two test files at a time, whatever the core count (node's default on 2 cores is one): most of a
// test's time is spent waiting on the programs it runs (dnf, rpm, tar, the simulator), so on the
// 2-core CI machine a second file fills the idle core (cold suite 1092 s → 770 s). Files do not
// share state: each has its own temp folders, simulator state and port 0 servers, and the shared
// caches (fixture repositories, build roots) are built under a lock and renamed into place.
const TEST_FILES_AT_ONCE = 2;
const concurrency = passThrough.some((a) => a.startsWith('--test-concurrency')) ? [] : [`--test-concurrency=${TEST_FILES_AT_ONCE}`];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...concurrency, ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
