/**
 * Renderer benchmark, in Chromium through the web host (real services, wsl.exe simulator):
 *  1. navigation → distro list rendered with 20 distributions (goal < 300 ms; median of nine
 *     fresh page loads, main's list warm as after the app's start refresh);
 *  2. terminal throughput: a 50 MB burst through pty → main → renderer → xterm, watching for
 *     main-thread long tasks (goal: none > 100 ms);
 *  3. renderer bundle size (JS, gzipped).
 * Prints a markdown table. Run: node --import tsx bench/renderer-benchmark.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startFixtureHost } from '../electron/web-host/fixture-setup.js';
import { launchChromium } from '../test/e2e/support/browser.js';
import { buildRenderer } from '../test/e2e/support/renderer-build.js';
import { importDistro } from '../wsl/driver/wsl-import.js';
import type { Page } from 'playwright-core';

const DISTRO_COUNT = 20;
const BURST_BYTES = 50 * 1024 * 1024;
/**
 * Fresh page loads measured for the navigation goal (the median is reported). Nine, because on
 * a shared two-core machine single loads vary by a factor of two with the other work on it.
 */
const NAVIGATION_SAMPLES = 9;
const SAMPLE_PAUSE_MS = 1000;
/** Imports at once: the simulator is a Node process per call and the machine has two cores. */
const IMPORT_CONCURRENCY = 4;

/** A tiny root: static busybox, a shell and root's passwd line. */
async function busyboxTarball(dir: string): Promise<string> {
  const root = join(dir, 'root');
  await mkdir(join(root, 'bin'), { recursive: true });
  await mkdir(join(root, 'etc'), { recursive: true });
  await mkdir(join(root, 'root'), { recursive: true });
  await copyFile('/bin/busybox', join(root, 'bin', 'busybox'));
  for (const applet of ['sh', 'yes', 'head', 'echo', 'id', 'cat']) await symlink('busybox', join(root, 'bin', applet));
  await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  await writeFile(join(root, 'etc', 'group'), 'root:x:0:\n');
  const tarball = join(dir, 'busybox.tar.gz');
  execFileSync('tar', ['-czf', tarball, '--numeric-owner', '--owner=0', '--group=0', '-C', root, '.']);
  return tarball;
}

async function main(): Promise<void> {
  const distDir = await buildRenderer();
  const host = await startFixtureHost({ distDir });
  const scratch = await mkdtemp(join(tmpdir(), 'azl-wsl-bench-'));
  const browser = await launchChromium();
  const rows: Array<[string, string, string]> = [];
  try {
    const tarball = await busyboxTarball(scratch);
    const names = Array.from({ length: DISTRO_COUNT }, (_, i) => `Bench-${String(i + 1).padStart(2, '0')}`);
    const wsl = { wslPath: host.simulator.wslPath, env: host.simulator.env };
    for (let i = 0; i < names.length; i += IMPORT_CONCURRENCY) {
      await Promise.all(names.slice(i, i + IMPORT_CONCURRENCY).map((name) => importDistro({ ...wsl, name, location: join(scratch, name), file: tarball, version: 2 })));
    }

    // The distros were imported behind the app's back; main reads the list as it does at start
    // (and on focus), so the page is measured against main's warm snapshot, as in the app.
    const refreshStarted = performance.now();
    await host.services.distros.refresh();
    const refreshMs = performance.now() - refreshStarted;

    // Two clocks: the page's own (navigation start → rows in the DOM, checked every frame) is the
    // goal's measure; the wall clock around page.goto adds the browser starting the page's process.
    // Several fresh page loads, because one sample on a shared two-core machine is mostly noise.
    const samples: Array<{ page: number; wall: number }> = [];
    let page!: Page;
    for (let sample = 0; sample < NAVIGATION_SAMPLES; sample++) {
      if (sample > 0) {
        await page.close();
        // Let the previous page's background refresh (one wsl.exe) finish first.
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_PAUSE_MS));
      }
      // bypassCSP only lets the measuring snippets below run as strings; the app's own code is unchanged.
      page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const started = Date.now();
      await page.goto(host.url, { waitUntil: 'commit' });
      const rendered = await page.waitForFunction(
        `document.querySelectorAll('[data-testid="distro-row"]').length >= ${DISTRO_COUNT} && performance.now()`,
      );
      samples.push({ page: Math.round((await rendered.jsonValue()) as number), wall: Date.now() - started });
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const pageTimes = samples.map((sample) => sample.page);
    const navigationMs = median(pageTimes);
    const wallMs = median(samples.map((sample) => sample.wall));
    // The list call alone (answered from main's snapshot), and what a wsl.exe read costs.
    const listStarted = performance.now();
    await host.services.router.call({ id: 'bench', send: () => {} }, 'distros.list', []);
    const listMs = performance.now() - listStarted;
    rows.push([
      'Navigation → 20 distros rendered',
      `${navigationMs} ms in the page (median of ${NAVIGATION_SAMPLES} loads: ${pageTimes.join(', ')}), ${wallMs} ms by the wall clock around page.goto (distros.list from main's snapshot: ${listMs.toFixed(1)} ms; a refresh through the simulated wsl.exe, done in the background: ${Math.round(refreshMs)} ms)`,
      '< 300 ms',
    ]);

    // 2. Terminal throughput with long-task watch.
    // Page scripts as strings: this file is type-checked without the DOM library.
    await page.evaluate(`window.longTasks = [];
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.longTasks.push([entry.startTime, entry.duration]); }).observe({ type: 'longtask' });`);
    await page.locator(`[data-testid="distro-row"][data-name="${names[0]}"]`).getByRole('button', { name: 'Open terminal' }).click();
    await page.locator('[data-testid="terminal"]:not([hidden]) .xterm-helper-textarea').focus();
    await page.waitForTimeout(1500);
    const streamStart = await page.evaluate<number>('performance.now()');
    await page.keyboard.type(`yes 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde | head -c ${BURST_BYTES}; echo; echo BENCH-END\r`);
    const burstStart = Date.now();
    await page.waitForFunction(
      `/^BENCH-END/m.test(document.querySelector('[data-testid="terminal"]:not([hidden]) .xterm-rows')?.innerText ?? '')`,
      undefined,
      { timeout: 600_000, polling: 250 },
    );
    const burstMs = Date.now() - burstStart;
    const longTasks = await page.evaluate<Array<[number, number]>>('window.longTasks');
    const opening = longTasks.filter(([start]) => start < streamStart).map(([, duration]) => duration);
    const streaming = longTasks.filter(([start]) => start >= streamStart).map(([, duration]) => duration);
    const longest = (durations: number[]) => Math.round(durations.length ? Math.max(...durations) : 0);
    rows.push(['Terminal: 50 MB burst', `${(burstMs / 1000).toFixed(1)} s (${(BURST_BYTES / 1024 ** 2 / (burstMs / 1000)).toFixed(1)} MB/s)`, '—']);
    rows.push(['Terminal: longest main-thread long task while streaming', `${longest(streaming)} ms (${streaming.length} long tasks > 50 ms)`, '≤ 100 ms']);
    rows.push(['Terminal: longest long task opening it (click → prompt)', `${longest(opening)} ms (${opening.length} long tasks > 50 ms)`, '—']);

    // 3. Bundle size: what the first paint loads (index.html's scripts) and everything.
    const assets = join(distDir, 'assets');
    const indexHtml = await readFile(join(distDir, 'index.html'), 'utf8');
    const sizes = { startGz: 0, startRaw: 0, allGz: 0, allRaw: 0 };
    for (const file of (await readdir(assets)).filter((name) => name.endsWith('.js'))) {
      const bytes = await readFile(join(assets, file));
      const gz = gzipSync(bytes, { level: 9 }).length;
      sizes.allGz += gz;
      sizes.allRaw += bytes.length;
      if (indexHtml.includes(`assets/${file}`)) {
        sizes.startGz += gz;
        sizes.startRaw += bytes.length;
      }
    }
    const kib = (bytes: number) => (bytes / 1024).toFixed(0);
    rows.push([
      'Renderer JS bundle',
      `${kib(sizes.startGz)} KiB gzipped at start (${kib(sizes.startRaw)} KiB raw); ${kib(sizes.allGz)} KiB with the lazily loaded wizard, parity and terminal (xterm) chunks`,
      '—',
    ]);
  } finally {
    await browser.close();
    await host.close();
    await rm(scratch, { recursive: true, force: true });
  }
  console.log('| Measure | Result | Goal |\n|---|---|---|');
  for (const [what, result, goal] of rows) console.log(`| ${what} | ${result} | ${goal} |`);
}

await main();
