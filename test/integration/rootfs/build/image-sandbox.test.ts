/**
 * The build's sandbox against the attacks a hostile profile script would try: the classic
 * double-chroot escape (a few lines of perl), a mknod of the host's disk, writes to the kernel's
 * switches under /proc, the network and the host's folders. Each either fails or touches only
 * the image. A control runs the same escape under a bare chroot (how scripts ran before) and
 * shows it really reaches the host, so the escape test can fail.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInImage, SANDBOX_CAPABILITIES } from '../../../../rootfs/build/image-sandbox.js';
import { runScripts } from '../../../../rootfs/build/run-scripts.js';
import type { ScriptSpec } from '../../../../rootfs/plan/build-plan.js';
import type { AzlError } from '../../../../common/errors.js';

let work: string;
let root: string;

/** Linux capability numbers of the kept set (for the CapEff check). */
const CAPABILITY_NUMBERS: Record<string, number> = {
  CAP_CHOWN: 0, CAP_DAC_OVERRIDE: 1, CAP_FOWNER: 3, CAP_FSETID: 4, CAP_KILL: 5, CAP_SETGID: 6, CAP_SETUID: 7,
  CAP_SETPCAP: 8, CAP_NET_BIND_SERVICE: 10, CAP_AUDIT_WRITE: 29, CAP_SETFCAP: 31,
};

/** Copies a host program and the libraries ldd names into the root, at the same paths. */
async function copyProgram(program: string): Promise<void> {
  const libraries = execFileSync('ldd', [program], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+) \(0x/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
  for (const file of [program, ...libraries]) {
    await mkdir(join(root, dirname(file)), { recursive: true });
    await copyFile(file, join(root, file));
  }
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'azl-sandbox-'));
  root = join(work, 'root');
  for (const dir of ['bin', 'etc', 'tmp', 'dev', 'proc', 'var/tmp', 'root']) await mkdir(join(root, dir), { recursive: true });
  await copyFile('/bin/busybox', join(root, 'bin', 'busybox'));
  for (const tool of ['sh', 'cat', 'ls', 'mknod', 'echo', 'grep', 'head', 'test', 'id', 'rm', 'mkdir']) await symlink('busybox', join(root, 'bin', tool));
  await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  await copyProgram('/usr/bin/perl');
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every exit status: a probe reports what happened, its caller judges. */
const ANY_EXIT = Array.from({ length: 256 }, (_, code) => code);

/** Runs a shell script in the sandbox; stdout and stderr together. */
async function inSandbox(script: string): Promise<{ exitCode: number; out: string }> {
  const result = await runInImage({ root, command: ['/bin/sh', '-c', script], name: 'probe', successExitCodes: ANY_EXIT });
  return { exitCode: result.exitCode, out: result.stdout.toString('utf8') + result.stderr.toString('utf8') };
}

/** The classic escape: chroot into a subfolder without changing directory, climb out with "..", chroot there, write on the host. */
const ESCAPE = `#!/bin/sh
exec /usr/bin/perl -e '
  my $marker = shift;
  mkdir "/jail";
  chroot("/jail") or die "chroot: $!\\n";
  chdir("..") for 1 .. 64;
  chroot(".") or die "second chroot: $!\\n";
  open(my $f, ">", $marker) or die "open $marker: $!\\n";
  print $f "escaped\\n";
  close($f);
  print "ESCAPED\\n";
' "$1"
`;

test('control: under a bare chroot (the old way) the escape really writes on the host', async () => {
  const marker = join(work, 'escaped-by-chroot');
  await writeFile(join(root, 'escape.sh'), ESCAPE, { mode: 0o755 });
  // perl wants /dev/null, which the sandbox provides and a bare chroot of this root lacks.
  execFileSync('mknod', ['-m', '666', join(root, 'dev', 'null'), 'c', '1', '3']);
  const output = execFileSync('chroot', [root, '/bin/sh', '/escape.sh', marker], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  await rm(join(root, 'dev', 'null'));
  assert.match(output, /ESCAPED/);
  assert.equal(await readFile(marker, 'utf8'), 'escaped\n', 'the test can see an escape');
  await rm(join(root, 'jail'), { recursive: true, force: true });
});

test('the double-chroot escape fails in a profile script, and nothing appears on the host', async () => {
  const marker = join(work, 'escaped-by-script');
  const script = join(work, 'config.sh');
  await writeFile(script, ESCAPE, { mode: 0o755 });
  const spec: ScriptSpec = { kind: 'config-sh', path: script, args: [marker], env: {}, source: { file: script, line: 1 } };
  await assert.rejects(runScripts(root, [spec], {}), (error: AzlError) => {
    assert.equal(error.code, 'SCRIPT_FAILED');
    assert.match(error.detail ?? '', /chroot: Operation not permitted/);
    return true;
  });
  assert.equal(existsSync(marker), false, 'no file was written on the host');
  assert.equal(existsSync(join(root, marker)), false, 'nor inside the image');
});

test('script output is logged in whole lines: a line longer than one pipe read is one line, the last one kept without a newline', async () => {
  const script = join(work, 'long-line.sh');
  await writeFile(script, "#!/bin/sh\nbusybox head -c 200000 /dev/zero | busybox tr '\\0' x\necho\nprintf 'the reason'\nexit 3\n", { mode: 0o755 });
  const spec: ScriptSpec = { kind: 'config-sh', path: script, args: [], env: {}, source: { file: script, line: 1 } };
  const logged: string[] = [];
  await assert.rejects(runScripts(root, [spec], { onLine: (line) => logged.push(line) }), (error: AzlError) => {
    assert.equal(error.code, 'SCRIPT_FAILED');
    assert.deepEqual(error.detail?.split('\n').map((line) => line.length), [200000, 'the reason'.length]);
    return true;
  });
  assert.deepEqual(logged.map((line) => line.length), [200000, 'the reason'.length]);
});

test('the sandbox runner: a command the image lacks is a known failure a caller can expect; unexpected failures throw with the output', async () => {
  const missing = await runInImage({ root, command: ['/usr/bin/no-such-tool'], name: 'no-such-tool', expectedErrors: ['COMMAND_NOT_FOUND'] });
  assert.equal(missing.knownError, 'COMMAND_NOT_FOUND');
  assert.notEqual(missing.exitCode, 0);
  await assert.rejects(runInImage({ root, command: ['/bin/sh', '-c', 'echo broken >&2; exit 4'], name: 'probe' }), (error: AzlError) => {
    assert.equal(error.code, 'PROGRAM_FAILED');
    assert.match(error.message, /probe failed with exit code 4/);
    assert.match(error.detail ?? '', /broken/);
    return true;
  });
  const accepted = await runInImage({ root, command: ['/bin/sh', '-c', 'exit 4'], name: 'probe', successExitCodes: [0, 4] });
  assert.equal(accepted.succeeded, true);
});

test("a mknod of the host's disk is refused, and a device node already in the image cannot be opened", async () => {
  const dev = (await stat(work)).dev;
  const major = (dev >> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  const made = await inSandbox(`mknod /tmp/hostdisk b ${major} ${minor}; echo "exit=$?"`);
  assert.match(made.out, /Operation not permitted/);
  assert.equal(existsSync(join(root, 'tmp', 'hostdisk')), false);
  // A node placed in the image from outside (as a package could ship one) is useless inside: every mount is nodev.
  execFileSync('mknod', [join(root, 'tmp', 'planted'), 'b', String(major), String(minor)]);
  try {
    const read = await inSandbox('head -c 512 /tmp/planted > /dev/null; echo "exit=$?"');
    assert.match(read.out, /Permission denied/);
    assert.match(read.out, /exit=1/);
  } finally {
    await rm(join(root, 'tmp', 'planted'), { force: true });
  }
});

test("writes to the kernel's switches under /proc fail; /proc shows only the sandbox's own processes", async () => {
  const result = await inSandbox(
    [
      'echo 1 > /proc/sys/kernel/sysrq; echo "sysrq=$?"',
      'echo 3 > /proc/sys/vm/drop_caches; echo "drop_caches=$?"',
      'if [ -e /proc/sysrq-trigger ]; then echo h > /proc/sysrq-trigger; echo "trigger=$?"; else echo "trigger=absent"; fi',
      `test -e /proc/${process.pid} && echo "host-pid=visible" || echo "host-pid=hidden"`,
      'echo "procs=$(ls /proc | grep -c "^[0-9]")"',
    ].join('\n'),
  );
  assert.match(result.out, /Read-only file system/);
  assert.match(result.out, /sysrq=[12]/);
  assert.match(result.out, /drop_caches=[12]/);
  assert.match(result.out, /trigger=(absent|[12])/);
  assert.match(result.out, /host-pid=hidden/);
  assert.ok(Number(/procs=(\d+)/.exec(result.out)?.[1]) <= 5, `only a few processes: ${result.out}`);
});

test('no network but loopback, no host folders, a minimal /dev, and only the kept capabilities', async () => {
  const result = await inSandbox(
    [
      'echo "interfaces: $(grep ":" /proc/net/dev | while read -r name rest; do printf "%s " "$name"; done)"',
      `ls ${work} > /dev/null 2>&1 && echo "host-folder=visible" || echo "host-folder=hidden"`,
      'ls /dev',
      'grep CapEff /proc/self/status',
    ].join('\n'),
  );
  assert.match(result.out, /^interfaces: lo: $/m);
  assert.match(result.out, /host-folder=hidden/);
  assert.doesNotMatch(result.out, /\b(sda|vda|nvme|mem|kmsg)\b/);
  const expected = SANDBOX_CAPABILITIES.reduce((mask, name) => mask | (1n << BigInt(CAPABILITY_NUMBERS[name])), 0n);
  const capEff = BigInt(`0x${/CapEff:\s+([0-9a-f]+)/.exec(result.out)?.[1]}`);
  assert.equal(capEff, expected);
  for (const dropped of [18 /* SYS_CHROOT */, 27 /* MKNOD */, 21 /* SYS_ADMIN */, 16 /* SYS_MODULE */]) assert.equal(capEff & (1n << BigInt(dropped)), 0n);
});
