/**
 * Groups and users from the profile, created with the image's own shadow tools (run in the
 * build's sandbox, image-sandbox.ts).
 *
 * Passwords are read from the profile file at this moment (never from the plan) and reach
 * `chpasswd -e` and `openssl passwd` only on stdin.
 */
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildPlan, UserSpec } from '../plan/build-plan.js';
import { AzlError } from '../../common/errors.js';
import { lastLines, runProgram } from '../../common/run-program.js';
import { runInImage } from './image-sandbox.js';
import { findOnPath } from './package-manager.js';
import { readProfilePassword } from './profile-passwords.js';
import { resolveInRoot } from './root-path.js';

/** Where the shadow tools run: the root, the build's signal and environment (SOURCE_DATE_EPOCH: the days they record). */
interface ToolContext {
  root: string;
  signal?: AbortSignal;
  env: Readonly<Record<string, string>>;
}

async function chrooted(tools: ToolContext, args: string[], name: string, stdin?: string): Promise<void> {
  await runInImage({
    root: tools.root,
    command: args,
    name,
    signal: tools.signal,
    stdin,
    env: tools.env,
    failure: (result) =>
      new AzlError('ACCOUNT_SETUP_FAILED', `${name} failed inside the image (exit code ${result.exitCode}).`, {
        hint: 'Check the profile\'s users and groups, and that the image has shadow-utils.',
        detail: lastLines(result.output, 20),
      }),
  });
}

async function entryExists(root: string, file: 'passwd' | 'group', name: string): Promise<boolean> {
  try {
    const text = await readFile(join(root, 'etc', file), 'utf8');
    return text.split('\n').some((line) => line.split(':')[0] === name);
  } catch {
    return false;
  }
}

/** Hashes a plaintext password with SHA-512 crypt (openssl reads it from stdin). */
async function hashPlaintext(password: string, user: string, signal?: AbortSignal): Promise<string> {
  if (!(await findOnPath('openssl'))) {
    throw new AzlError('PROGRAM_MISSING', `The profile gives user ${user} a plain-text password, and openssl is needed to hash it.`, {
      hint: 'Install openssl, or put a hashed password in the profile.',
    });
  }
  const result = await runProgram('openssl', ['passwd', '-6', '-stdin'], { name: 'openssl passwd', stdin: password + '\n', signal });
  const hash = result.stdout.toString('utf8').trim();
  if (result.exitCode !== 0 || !hash.startsWith('$6$')) {
    throw new AzlError('ACCOUNT_SETUP_FAILED', `The plain-text password of ${user} could not be hashed.`);
  }
  return hash;
}

async function setPassword(tools: ToolContext, plan: BuildPlan, user: UserSpec): Promise<void> {
  const password = await readProfilePassword(plan, user);
  if (!password) return;
  const hash = password.kind === 'hashed' ? password.value : await hashPlaintext(password.value, user.name, tools.signal);
  if (/[:\n]/.test(hash)) {
    throw new AzlError('PROFILE_INVALID', `The password hash of ${user.name} contains a colon or a line break.`);
  }
  await chrooted(tools, ['chpasswd', '-e'], `chpasswd ${user.name}`, `${user.name}:${hash}\n`);
}

async function installSshKeys(root: string, plan: BuildPlan, user: UserSpec): Promise<void> {
  if (user.sshPublicKeyPaths.length === 0) return;
  const passwd = await readFile(join(root, 'etc/passwd'), 'utf8');
  const fields = passwd.split('\n').find((line) => line.split(':')[0] === user.name)?.split(':');
  if (!fields) return;
  const [uid, gid, home] = [Number(fields[2]), Number(fields[3]), fields[5]];
  const sshDir = await resolveInRoot(root, `${home}/.ssh`, { followLast: true, what: `SSH keys of ${user.name}` });
  await mkdir(sshDir, { recursive: true, mode: 0o700 });
  await chown(sshDir, uid, gid);
  const keys: string[] = [];
  for (const keyPath of user.sshPublicKeyPaths) keys.push((await readFile(join(plan.descriptionDir, keyPath), 'utf8')).trim());
  const target = join(sshDir, 'authorized_keys');
  await writeFile(target, keys.join('\n') + '\n', { mode: 0o600 });
  await chmod(target, 0o600);
  await chown(target, uid, gid);
}

/**
 * Creates the plan's groups and users inside the root and sets their passwords; `env` is added
 * to the tools' environment (the build's SOURCE_DATE_EPOCH).
 */
export async function applyAccounts(root: string, plan: BuildPlan, signal?: AbortSignal, env: Readonly<Record<string, string>> = {}): Promise<void> {
  const tools: ToolContext = { root, signal, env };
  for (const group of plan.groups) {
    if (await entryExists(root, 'group', group.name)) continue;
    await chrooted(tools, ['groupadd', ...(group.gid === undefined ? [] : ['-g', String(group.gid)]), group.name], `groupadd ${group.name}`);
  }
  for (const user of plan.users) {
    const exists = await entryExists(root, 'passwd', user.name);
    const args: string[] = [];
    if (user.uid !== undefined) args.push('-u', String(user.uid));
    if (user.primaryGroup) args.push('-g', user.primaryGroup);
    if (user.secondaryGroups.length > 0) args.push('-G', user.secondaryGroups.join(','));
    if (user.homeDirectory) args.push('-d', user.homeDirectory);
    if (user.shell) args.push('-s', user.shell);
    if (!exists) await chrooted(tools, ['useradd', '-m', ...args, user.name], `useradd ${user.name}`);
    else if (args.length > 0) await chrooted(tools, ['usermod', ...args, user.name], `usermod ${user.name}`);
    await setPassword(tools, plan, user);
    await installSshKeys(root, plan, user);
  }
}
