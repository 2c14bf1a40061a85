// `azl-wsl install` on a real terminal (node-pty): the user name is asked with a suggestion
// from the Windows user name, the password is asked twice without echo, and the result is
// the new user's shell. The password must never appear on the screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { createSimulatorEnv, type SimulatorEnv } from '../../wsl-simulator/simulator-env.js';
import { accountImage } from '../wsl/test-images.js';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));
const SECRET = 'Typed-Secret-42';
/** A prompt that never comes means a broken flow; fail instead of hanging the suite. */
const PROMPT_TIMEOUT_MS = 60_000;

let sim: SimulatorEnv;
let work: string;

before(async () => {
  sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  work = await mkdtemp(join(tmpdir(), 'azl-cli-pty-'));
});

after(async () => {
  await sim?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** Collects a pty's screen output and waits for text to appear in it. */
function screen(pty: IPty): { text: () => string; waitFor: (pattern: RegExp) => Promise<void>; exit: Promise<number> } {
  let output = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  pty.onData((data) => {
    output += data;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exit = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    text: () => output,
    exit,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(output)) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${pattern} on screen; screen was:\n${output}`)), PROMPT_TIMEOUT_MS);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

test('interactive install asks for the user and a hidden password, then the distro starts as that user', async (t) => {
  const built = await accountImage();
  if ('skip' in built) return t.skip(built.skip);
  const pty = spawnPty(process.execPath, [cli, 'install', '--file', built.file, '--name', 'Interactive', '--location', join(work, 'Interactive'), '--method', 'import', '--wsl', sim.wslPath], {
    cols: 100,
    rows: 30,
    env: { ...(sim.env as Record<string, string>), USERNAME: 'Jane.Doe' },
  });
  const term = screen(pty);
  await term.waitFor(/Linux user name \[jane_doe\]: $/);
  pty.write('\r'); // accept the suggestion
  await term.waitFor(/New password: $/);
  pty.write(`${SECRET}\r`);
  await term.waitFor(/Retype new password: $/);
  pty.write(`${SECRET}\r`);
  const code = await term.exit;
  assert.equal(code, 0, term.text());
  assert.match(term.text(), /Installed Interactive \(import\) with the default user jane_doe/);
  assert.ok(!term.text().includes(SECRET), 'the password was never echoed');
  const id = spawnSync(sim.wslPath, ['-d', 'Interactive', '--', 'id', '-un'], { env: sim.env, encoding: 'utf8' });
  assert.equal(id.stdout.trim(), 'jane_doe');
  assert.ok(!JSON.stringify(await sim.readArgvLog()).includes(SECRET));
});

test('a mistyped confirmation is asked again; an invalid name is explained', async (t) => {
  const built = await accountImage();
  if ('skip' in built) return t.skip(built.skip);
  const pty = spawnPty(process.execPath, [cli, 'install', '--file', built.file, '--name', 'Retry', '--location', join(work, 'Retry'), '--method', 'import', '--wsl', sim.wslPath], {
    cols: 100,
    rows: 30,
    env: { ...(sim.env as Record<string, string>), USERNAME: '' },
  });
  const term = screen(pty);
  await term.waitFor(/Linux user name: $/);
  pty.write('Root User\r');
  await term.waitFor(/starts with a lower-case letter/);
  await term.waitFor(/Linux user name: $/);
  pty.write('dev\r');
  await term.waitFor(/New password: $/);
  pty.write('first-try\r');
  await term.waitFor(/Retype new password: $/);
  pty.write('different\r');
  await term.waitFor(/do not match/);
  await term.waitFor(/New password: $/);
  pty.write(`${SECRET}\r`);
  await term.waitFor(/Retype new password: $/);
  pty.write(`${SECRET}\r`);
  assert.equal(await term.exit, 0, term.text());
  assert.ok(!term.text().includes('first-try') && !term.text().includes(SECRET));
});
