import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, COMMANDS } from '../../../cli/main.js';

const SAMPLES = new URL('../../../rootfs/samples/azl4/', import.meta.url).pathname;

/** Runs the CLI in-process and captures what it prints. */
async function runCli(argv: string[], options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    signal: options.signal ?? new AbortController().signal,
    isTTY: false,
    env: options.env ?? {},
    stdin: Readable.from([]),
  });
  return { code, stdout, stderr };
}

test('no command prints the help and exits 2 (usage)', async () => {
  const result = await runCli([]);
  assert.equal(result.code, 2);
  assert.match(result.stdout, /Usage: azl-wsl <command>/);
  for (const name of ['plan', 'build', 'validate', 'completion']) assert.match(result.stdout, new RegExp(`\\n  ${name}\\s`));
});

test('help parity: `azl-wsl help NAME` and `NAME --help` print the same, and every help names each option the command accepts', async () => {
  for (const command of COMMANDS) {
    const viaHelp = await runCli(['help', command.name]);
    const viaFlag = await runCli([command.name, '--help']);
    assert.equal(viaHelp.code, 0, command.name);
    assert.equal(viaFlag.code, 0, command.name);
    assert.equal(viaHelp.stdout, viaFlag.stdout, command.name);
    assert.match(viaHelp.stdout, new RegExp(`^Usage: azl-wsl ${command.name}`));
    for (const option of Object.keys(command.options)) {
      assert.ok(viaHelp.stdout.includes(`--${option}`), `${command.name} --help names --${option}`);
    }
  }
  const top = await runCli(['help']);
  assert.equal(top.code, 0);
  assert.equal(top.stdout, (await runCli(['--help'])).stdout);
});

test('a mistyped command or option suggests the nearest one (exit 2), with no stack trace', async () => {
  const command = await runCli(['biuld']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /There is no command "biuld"\. Did you mean "build"\?/);
  assert.match(command.stderr, /azl-wsl help build/);
  const helpTopic = await runCli(['help', 'instal']);
  assert.equal(helpTopic.code, 2);
  assert.match(helpTopic.stderr, /Did you mean "install"\?/);
  const nothingClose = await runCli(['frobnicate']);
  assert.equal(nothingClose.code, 2);
  assert.doesNotMatch(nothingClose.stderr, /Did you mean/);
  const option = await runCli(['plan', '--profiel', 'x']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /^azl-wsl: plan has no option --profiel\. Did you mean --profile\?\n/);
  assert.match(option.stderr, /azl-wsl help plan/);
  assert.doesNotMatch(option.stderr, /\n\s+at |To specify a positional/, 'no stack trace and none of parseArgs\' wording');
});

test('the parser\'s messages are sentences: a missing value, a value given to a switch, an extra argument', async () => {
  const missing = await runCli(['plan', '--profile']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^azl-wsl: --profile needs a value, as in --profile VALUE\.\n/);
  const switchValue = await runCli(['list', '--all=yes']);
  assert.equal(switchValue.code, 2);
  assert.match(switchValue.stderr, /^azl-wsl: --all is a switch and takes no value\.\n/);
  const extra = await runCli(['list', 'extra']);
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /^azl-wsl: list takes no arguments besides options, but "extra" was given\.\n/);
  const tooMany = await runCli(['remove', 'a', 'b']);
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /remove takes at most 1 argument; "b" is one too many\./);
});

test('a missing choice names the flag, lists the choices with what each is, and exits 2', async () => {
  const image = await runCli(['plan', '--profile', join(SAMPLES, 'images.toml')]);
  assert.equal(image.code, 2);
  assert.match(image.stderr, /--image is required: images\.toml lists several images\. Choose one of: vm-base \(VM Base Image, KIWI profile vm-base\); marketplace-gen2 \(Marketplace Gen2 Image, KIWI profile marketplace-gen2\);.* wsl \(WSL Image, KIWI profile wsl\)/);
  const profile = await runCli(['plan', '--profile', join(SAMPLES, 'AzureLinux.kiwi')]);
  assert.equal(profile.code, 2);
  assert.match(profile.stderr, /--kiwi-profile is required: AzureLinux\.kiwi defines profiles but builds none by default\. Choose one of: core \(/);
  assert.match(profile.stderr, /wsl \(Azure Linux WSL Image\)/);
  const wrong = await runCli(['plan', '--profile', join(SAMPLES, 'images.toml'), '--image', 'wls']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--image wls is not an image of images\.toml\. Did you mean wsl\?/);
  const wrongProfile = await runCli(['plan', '--profile', join(SAMPLES, 'AzureLinux.kiwi'), '--kiwi-profile', 'nope']);
  assert.equal(wrongProfile.code, 2);
  assert.match(wrongProfile.stderr, /--kiwi-profile nope: .*no profile "nope"/);
  const chosen = await runCli(['plan', '--profile', join(SAMPLES, 'AzureLinux.kiwi'), '--kiwi-profile', 'wsl']);
  assert.equal(chosen.code, 0, chosen.stderr);
});

test('--arch is checked before anything is read or run: an unknown architecture is a usage error', async () => {
  const plan = await runCli(['plan', '--profile', join(SAMPLES, 'images.toml'), '--image', 'wsl', '--arch', 'banana']);
  assert.equal(plan.code, 2);
  assert.match(plan.stderr, /--arch banana is not an architecture Azure Linux is built for; use x86_64 or aarch64\./);
  // build would start dnf: the same check comes first (no output folder is even made).
  const dir = await mkdtemp(join(tmpdir(), 'azl-cli-arch-'));
  try {
    const build = await runCli(['build', '--profile', join(SAMPLES, 'images.toml'), '--image', 'wsl', '--arch', 'arm64', '--out', join(dir, 'out')]);
    assert.equal(build.code, 2);
    assert.match(build.stderr, /--arch arm64 is not an architecture/);
    const validate = await runCli(['validate', join(dir, 'x.wsl'), '--arch', 'sparc']);
    assert.equal(validate.code, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing or unreadable input is one sentence (exit 1), never an internal error', async () => {
  const missing = await runCli(['validate', '/missing.wsl']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^azl-wsl: The image file \/missing\.wsl does not exist\.\n/);
  assert.doesNotMatch(missing.stderr, /internal error|ENOENT/);
  const folder = await runCli(['validate', tmpdir()]);
  assert.equal(folder.code, 1);
  assert.match(folder.stderr, /is a folder/);
  const profile = await runCli(['plan', '--profile', '/nonexistent/images.toml']);
  assert.equal(profile.code, 1);
  assert.match(profile.stderr, /\/nonexistent\/images\.toml does not exist/);
  // Files read deep inside a command (an SSH key, an answer file) get the same treatment.
  const sshKey = await runCli(['install', '--file', '/x.wsl', '--name', 'X', '--user', 'jane', '--no-password', '--ssh-key', '/missing/id.pub']);
  assert.equal(sshKey.code, 1);
  assert.match(sshKey.stderr, /\/missing\/id\.pub does not exist\./);
  assert.doesNotMatch(sshKey.stderr, /internal error/);
  const answers = await runCli(['install', '--answers', '/missing/fleet.yaml']);
  assert.equal(answers.code, 1);
  assert.match(answers.stderr, /\/missing\/fleet\.yaml/);
  assert.doesNotMatch(answers.stderr, /internal error/);
});

test('a missing required option is a usage error, reported as JSON with --json', async () => {
  const result = await runCli(['plan', '--json']);
  assert.equal(result.code, 2);
  const parsed = JSON.parse(result.stdout.trim());
  assert.equal(parsed.kind, 'error');
  assert.equal(parsed.error.code, 'USAGE');
  assert.match(parsed.error.message, /--profile is required/);
});

test('cancelled work exits 130, as shells report an interrupted program', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'azl-cli-cancel-'));
  try {
    const image = join(dir, 'image.wsl');
    await writeFile(image, Buffer.alloc(1024));
    const controller = new AbortController();
    controller.abort();
    const result = await runCli(['validate', image], { signal: controller.signal });
    assert.equal(result.code, 130);
    assert.match(result.stderr, /cancelled/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every output ends with a newline, whatever the command printed last', async () => {
  const runs = [
    await runCli(['doctor'], { env: { AZL_WSL_EXE: '/nonexistent/wsl.exe' } }),
    await runCli(['plan', '--profile', join(SAMPLES, 'images.toml'), '--image', 'wsl']),
    await runCli(['help', 'build']),
    await runCli(['completion', 'bash']),
    await runCli(['biuld']),
    await runCli(['validate', '/missing.wsl', '--json']),
  ];
  for (const run of runs) {
    for (const output of [run.stdout, run.stderr]) if (output.length > 0) assert.ok(output.endsWith('\n'), JSON.stringify(output.slice(-80)));
  }
  assert.match(runs[0]!.stdout, /Preflight failed: nothing was changed\.\n$/);
});

test('--version prints the tool version', async () => {
  const result = await runCli(['--version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^azl-wsl \d+\.\d+\.\d+\n$/);
});

test('doctor --method takes only the install methods install takes (an unknown one is a usage error, not auto)', async () => {
  const result = await runCli(['doctor', '--method', 'fromfile', '--wsl', '/nonexistent/wsl.exe']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--method is one of auto, from-file, import/);
});

test('build --review-digest refuses a review it does not have (exit 1, what to run), before anything is built', async () => {
  const cacheDir = await mkdtemp(join(tmpdir(), 'azl-reviews-'));
  try {
    const result = await runCli(['build', '--profile', `${SAMPLES}images.toml`, '--image', 'wsl', '--cache-dir', cacheDir, '--review-digest', 'e'.repeat(64)]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /There is no review eeeeeeeeeeee… in /);
    assert.match(result.stderr, /azl-wsl plan --transform/);
    const malformed = await runCli(['build', '--profile', `${SAMPLES}images.toml`, '--image', 'wsl', '--cache-dir', cacheDir, '--review-digest', 'latest']);
    assert.equal(malformed.code, 2, 'a digest of the wrong form is a usage error');
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
});
