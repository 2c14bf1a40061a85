/**
 * The README's main job, step by step, through the same CLI a user runs:
 *   fixture repository → `azl-wsl build` (sample profile) → `azl-wsl validate`
 *   → `azl-wsl install` into the wsl.exe simulator with the sample answer file
 *   → `wsl -d <distro> -- id` as the default user.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixtureRepos } from '../test/fixtures/fixture-repos.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(projectRoot, 'out', 'demo');
const cli = join(projectRoot, 'cli', 'azl-wsl.mjs');

function heading(text: string): void {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

/** Runs a program with an argument array, output straight to the terminal; stops the demo on failure. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.log(`$ ${[program, ...args].map((a) => (/[\s,]/.test(a) ? `'${a}'` : a)).join(' ')}`);
  const result = spawnSync(program, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\ndemo: step failed (exit ${result.status ?? result.signal}); see the message above.`);
    process.exit(1);
  }
}

heading('Fixture repository (real RPMs built from test/fixtures/rpms, signed, createrepo_c)');
const repos = await ensureFixtureRepos({ onProgress: (line) => console.log(`  ${line}`) });
console.log(`  azl4 repository: ${repos.azl4}`);

heading('Build the Azure Linux 4.0 `wsl` sample profile into a .wsl');
mkdirSync(outDir, { recursive: true });
const repoArg = repos.gpgKey ? `file://${repos.azl4},gpgkey=file://${repos.gpgKey}` : `file://${repos.azl4}`;
const gpgArgs = repos.gpgKey ? [] : ['--no-gpgcheck'];
run(process.execPath, [
  cli, 'build',
  '--profile', join(projectRoot, 'rootfs/samples/azl4/images.toml'),
  '--image', 'wsl',
  '--set-repo', repoArg,
  ...gpgArgs,
  '--out', outDir,
  '--name', 'AzureLinux-4.0-sample',
]);
const image = join(outDir, 'AzureLinux-4.0-sample.wsl');
if (!existsSync(image)) {
  console.error(`demo: the build reported success but ${image} is missing.`);
  process.exit(1);
}

heading('Validate it as WSL\'s own validator would');
run(process.execPath, [cli, 'validate', image]);

heading('Install it into the wsl.exe simulator and create the first user (answer file)');
// The simulator stands in for wsl.exe on Linux; its state lives beside the demo output.
const simulatorBin = join(projectRoot, 'test', 'wsl-simulator', 'bin');
const wslEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${simulatorBin}:${process.env.PATH ?? ''}`,
  AZL_WSL_SIM_STATE: join(outDir, 'wsl-state'),
  AZL_WSL_EXE: join(simulatorBin, 'wsl.exe'),
};
const answers = join(projectRoot, 'test', 'fixtures', 'answers', 'demo.yaml');
// wsl --import creates only the last folder of the location, like real WSL.
mkdirSync(join(outDir, 'wsl'), { recursive: true });
const distro = 'AzureLinux-Demo';
// Safe to re-run: replace the previous run's demo distribution.
const previous = spawnSync(process.execPath, [cli, 'list', '--json'], { env: wslEnv, encoding: 'utf8' });
if (previous.status === 0 && (JSON.parse(previous.stdout) as { name: string }[]).some((d) => d.name === distro)) {
  run(process.execPath, [cli, 'remove', distro, '--yes'], wslEnv);
}
run(process.execPath, [cli, 'install', '--answers', answers], wslEnv);
run(process.execPath, [cli, 'list'], wslEnv);

heading(`The default user's shell: wsl -d ${distro} -- id`);
run(join(simulatorBin, 'wsl'), ['-d', distro, '--', 'id'], wslEnv);
run(join(simulatorBin, 'wsl'), ['-d', distro, '--', 'echo', 'shell: $SHELL, home: $HOME'], wslEnv);
console.log(`\nDone. Image: ${image}\nManifest: ${image.replace(/\.wsl$/, '.manifest.json')}`);
