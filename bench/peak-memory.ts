// Runs one azl-wsl CLI command in this process and records its peak memory (the kernel's
// high-water mark of resident memory, VmHWM) for bench/memory-benchmark.ts. The mark is reset
// first: Linux carries it over fork and exec, so a child would otherwise inherit the peak of
// whatever process started it.
// Usage: node --import tsx bench/peak-memory.ts TREE RESULT.json -- ARGS...
//   TREE: the checkout whose cli/main.ts runs (this one, or an older one to compare against).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tree, resultFile, separator, ...args] = process.argv.slice(2);
if (!tree || !resultFile || separator !== '--') throw new Error('Usage: peak-memory.ts TREE RESULT.json -- ARGS...');
/** VmHWM of this process in KiB. */
function peakKiB(): number {
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
}
writeFileSync('/proc/self/clear_refs', '5'); // reset the high-water mark to the current size
const started = Date.now();
let exitCode: number;
let crash: string | undefined;
try {
  const { main } = (await import(pathToFileURL(join(resolve(tree), 'cli', 'main.ts')).href)) as { main: (argv: string[]) => Promise<number> };
  exitCode = await main(args);
} catch (error) {
  exitCode = 70;
  crash = error instanceof Error ? error.message : String(error);
}
writeFileSync(resultFile, JSON.stringify({ exitCode, crash, peakKiB: peakKiB(), ms: Date.now() - started }));
process.exit(exitCode);
