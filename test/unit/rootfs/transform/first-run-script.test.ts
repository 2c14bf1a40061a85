// Runs the rendered first-run script against stub account tools that record their command
// lines, environment and stdin, so the account logic is checked without touching this host.
// The shells are dash (this host's /bin/sh, and the fixture userland's) and bash in POSIX mode
// (Azure Linux's /bin/sh). busybox sh only checks the syntax: its standalone mode runs its own
// `id`/`chpasswd` applets before PATH, which would bypass the stubs and touch the host.
// (Runs inside a real image userland belong to the integration tests.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../../../../common/run-program.js';
import { USER_NAME_ERE } from '../../../../common/account-rules.js';
import { NAME_ATTEMPTS, renderFirstRunScript } from '../../../../rootfs/transform/first-run-script.js';

const PASSWORD = 'S3cret pass:word';
const BASE_PASSWD = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin\n';
const BASE_GROUP = 'root:x:0:\nwheel:x:10:\nsvc:x:990:\n';

/** Each stub logs "name args…" and its environment, then fakes the tool on text files. */
const STUBS: Record<string, string> = {
  getent: `db=$1; key=\${2-}
case $db in passwd) file=$FAKE_PASSWD ;; group) file=$FAKE_GROUP ;; *) exit 2 ;; esac
[ -z "$key" ] && { cat "$file"; exit 0; }
awk -F: -v k="$key" '$1 == k || $3 == k { print; found = 1 } END { exit found ? 0 : 2 }' "$file"`,
  useradd: `[ -n "\${USERADD_EXIT-}" ] && exit "$USERADD_EXIT"
uid=; shell=/bin/sh; name=
while [ $# -gt 0 ]; do case $1 in -u) uid=$2; shift ;; -s) shell=$2; shift ;; -G|-g) shift ;; -*) ;; *) name=$1 ;; esac; shift; done
printf '%s:x:%s:%s::/home/%s:%s\\n' "$name" "$uid" "$uid" "$name" "$shell" >> "$FAKE_PASSWD"`,
  userdel: `for name; do :; done
grep -v "^$name:" "$FAKE_PASSWD" > "$FAKE_PASSWD.new"; mv "$FAKE_PASSWD.new" "$FAKE_PASSWD"`,
  chpasswd: `cat >> "$STUB_DIR/chpasswd.stdin"`,
  id: `[ "$1" = -u ] || exit 1
awk -F: -v k="$2" '$1 == k { print $3; found = 1 } END { exit found ? 0 : 1 }' "$FAKE_PASSWD"`,
  // Tools the script must not need; a stub that fails keeps a regression away from the host.
  usermod: 'exit 97',
  passwd: 'exit 97',
  adduser: 'exit 97',
  deluser: 'exit 97',
  gpasswd: 'exit 97',
  sudo: 'exit 97',
  groupadd: `for name; do :; done
printf '%s:x:11:\\n' "$name" >> "$FAKE_GROUP"`,
};

let dir: string;
let scriptPath: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-first-run-'));
  scriptPath = join(dir, 'first-run.sh');
  await writeFile(scriptPath, renderFirstRunScript({ distroName: 'AzureLinux-3.0' }), { mode: 0o755 });
  for (const [name, body] of Object.entries(STUBS)) {
    const path = join(dir, 'bin', name);
    await mkdir(join(dir, 'bin'), { recursive: true });
    await writeFile(
      path,
      `#!/bin/sh\nprintf '%s' "${name}" >> "$STUB_LOG"; for a; do printf ' [%s]' "$a" >> "$STUB_LOG"; done; echo >> "$STUB_LOG"\nenv >> "$STUB_DIR/env.log"\n${body}\n`,
    );
    await chmod(path, 0o755);
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  calls: string[];
  passwd: string;
  chpasswdStdin: string;
  env: string;
}

async function runScript(
  input: string,
  options: { passwd?: string; useraddExit?: number; shell?: 'dash' | 'bash' } = {},
): Promise<Run> {
  const files = {
    log: join(dir, 'calls.log'),
    passwd: join(dir, 'passwd'),
    group: join(dir, 'group'),
    stdin: join(dir, 'chpasswd.stdin'),
    env: join(dir, 'env.log'),
  };
  await writeFile(files.log, '');
  await writeFile(files.stdin, '');
  await writeFile(files.env, '');
  await writeFile(files.passwd, options.passwd ?? BASE_PASSWD);
  await writeFile(files.group, BASE_GROUP);
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    STUB_LOG: files.log,
    STUB_DIR: dir,
    FAKE_PASSWD: files.passwd,
    FAKE_GROUP: files.group,
  };
  if (options.useraddExit !== undefined) env.USERADD_EXIT = String(options.useraddExit);
  // Default: the way WSL starts it, `/bin/sh -c "<path>"`, so the #!/bin/sh line picks dash here.
  const [program, args] = options.shell === 'bash' ? ['bash', ['--posix', scriptPath]] : ['/bin/sh', ['-c', scriptPath]];
  const result = await runProgram(program, args, { env, stdin: input, name: 'first-run.sh' });
  return {
    exitCode: result.exitCode,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
    calls: (await readFile(files.log, 'utf8')).split('\n').filter(Boolean),
    passwd: await readFile(files.passwd, 'utf8'),
    chpasswdStdin: await readFile(files.stdin, 'utf8'),
    env: await readFile(files.env, 'utf8'),
  };
}

function called(run: Run, tool: string): string[] {
  return run.calls.filter((line) => line === tool || line.startsWith(`${tool} `));
}

test('the script embeds the shared name rule', () => {
  assert.ok(renderFirstRunScript({ distroName: 'x' }).includes(`USER_NAME_ERE='${USER_NAME_ERE}'`));
});

test('a valid name and matching passwords create uid 1000 in wheel; the password only reaches chpasswd stdin', async () => {
  const run = await runScript(`jane\n${PASSWORD}\n${PASSWORD}\n`);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stdout, /^Enter new UNIX username: /);
  assert.deepEqual(called(run, 'useradd'), ['useradd [-m] [-G] [wheel] [-u] [1000] [-s] [/bin/bash] [jane]']);
  assert.equal(run.chpasswdStdin, `jane:${PASSWORD}\n`);
  assert.deepEqual(called(run, 'chpasswd'), ['chpasswd'], 'no arguments to chpasswd');
  assert.deepEqual(called(run, 'userdel'), []);
  assert.ok(called(run, 'id').includes('id [-u] [jane]'), 'checks the user exists at the end');
  assert.match(run.passwd, /^jane:x:1000:/m);
  for (const line of run.calls) assert.ok(!line.includes('S3cret'), `password in argv: ${line}`);
  assert.ok(!run.env.includes('S3cret'), 'password in a child environment');
  assert.ok(!run.stdout.includes('S3cret') && !run.stderr.includes('S3cret'), 'password echoed');
  assert.ok(!run.calls.some((line) => /\bsudo\b/.test(line)), 'never the sudo group');
});

test('the script is plain POSIX sh: busybox sh and dash accept its syntax', async () => {
  for (const [program, args] of [['busybox', ['sh', '-n', scriptPath]], ['dash', ['-n', scriptPath]]] as const) {
    const result = await runProgram(program, args);
    assert.equal(result.exitCode, 0, `${program}: ${result.stderr.toString()}`);
  }
});

test('the same flow works under bash, the /bin/sh of Azure Linux', async () => {
  const run = await runScript(`jane\n${PASSWORD}\n${PASSWORD}\n`, { shell: 'bash' });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.chpasswdStdin, `jane:${PASSWORD}\n`);
  assert.deepEqual(called(run, 'useradd'), ['useradd [-m] [-G] [wheel] [-u] [1000] [-s] [/bin/bash] [jane]']);
});

test('a typo in the password confirmation can be retried', async () => {
  const run = await runScript(`jane\n${PASSWORD}\nother\n${PASSWORD}\n${PASSWORD}\n`);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(run.stderr, /do not match/);
  assert.equal(run.chpasswdStdin, `jane:${PASSWORD}\n`);
});

test('invalid and reserved names are refused, then end of input fails without creating anything', async () => {
  const run = await runScript('Jane\nroot\n');
  assert.notEqual(run.exitCode, 0);
  assert.match(run.stderr, /lower-case letter/);
  assert.match(run.stderr, /"root" is a system account/);
  assert.deepEqual(called(run, 'useradd'), []);
  assert.deepEqual(called(run, 'chpasswd'), []);
  assert.equal(run.passwd, BASE_PASSWD);
  assert.equal(run.stdout.split('Enter new UNIX username: ').length - 1, 3, 'asked again after each refusal');
});

test(`after ${NAME_ATTEMPTS} bad names it gives up`, async () => {
  const run = await runScript('1bad\nwheel\nsvc\njane\n');
  assert.notEqual(run.exitCode, 0);
  assert.match(run.stderr, /A group named "svc" already exists/);
  assert.deepEqual(called(run, 'useradd'), [], 'the fourth (valid) name is never read');
});

test('an existing name is refused', async () => {
  const run = await runScript('bob\n', { passwd: `${BASE_PASSWD}bob:x:990:990::/home/bob:/sbin/nologin\n` });
  assert.notEqual(run.exitCode, 0);
  assert.match(run.stderr, /"bob" already exists/);
  assert.deepEqual(called(run, 'useradd'), []);
});

test('mismatching passwords then end of input remove the half-made user and fail', async () => {
  const run = await runScript(`jane\n${PASSWORD}\nsomething else\n`);
  assert.notEqual(run.exitCode, 0);
  assert.equal(called(run, 'useradd').length, 1);
  assert.deepEqual(called(run, 'userdel'), ['userdel [-r] [jane]']);
  assert.deepEqual(called(run, 'chpasswd'), []);
  assert.doesNotMatch(run.passwd, /^jane:/m);
});

test('an empty password is refused', async () => {
  const run = await runScript('jane\n\n\n\n');
  assert.notEqual(run.exitCode, 0);
  assert.match(run.stderr, /Enter a password/);
  assert.deepEqual(called(run, 'chpasswd'), []);
  assert.deepEqual(called(run, 'userdel'), ['userdel [-r] [jane]']);
});

test('a failing useradd fails the script and deletes nobody else', async () => {
  const run = await runScript(`jane\n${PASSWORD}\n${PASSWORD}\n`, { useraddExit: 9 });
  assert.notEqual(run.exitCode, 0);
  assert.deepEqual(called(run, 'userdel'), [], 'no account was made, so none is removed');
  assert.deepEqual(called(run, 'chpasswd'), []);
});

test('an existing uid 1000 means setup is done: exit 0 without prompting', async () => {
  const run = await runScript('', { passwd: `${BASE_PASSWD}dev:x:1000:1000::/home/dev:/bin/bash\n` });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, '');
  assert.deepEqual(called(run, 'useradd'), []);
});

test('another person account (uid >= 1000 with a login shell) also counts; nologin accounts do not', async () => {
  const person = await runScript('', { passwd: `${BASE_PASSWD}ann:x:1001:1001::/home/ann:/bin/bash\n` });
  assert.equal(person.exitCode, 0);
  assert.equal(person.stdout, '');
  const service = await runScript('', { passwd: `${BASE_PASSWD}svc:x:1005:1005::/:/sbin/nologin\n` });
  assert.notEqual(service.exitCode, 0, 'a service account does not stop the prompt; EOF then fails');
  assert.match(service.stdout, /Enter new UNIX username: /);
});
