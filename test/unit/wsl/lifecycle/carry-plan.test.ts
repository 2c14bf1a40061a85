import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { indexTarStream, type ArchiveIndex } from '../../../../rootfs/validate/archive-index.js';
import { configuredDefaultUser, etcChanges, normalizeKeepPath, planCarry } from '../../../../wsl/lifecycle/carry-plan.js';
import { tarOfFiles } from '../../../../wsl/lifecycle/upgrade-distro.js';

/** An archive index of `files` (path → content, or [content, mode, gid]). */
async function root(files: Record<string, string | [string, number, number]>): Promise<ArchiveIndex> {
  const list = Object.entries(files).map(([path, value]) => {
    const [content, mode, gid] = typeof value === 'string' ? [value, 0o644, 0] : value;
    return { path, content: Buffer.from(content), mode, uid: 0, gid };
  });
  return indexTarStream(Readable.from([tarOfFiles(list)]));
}

const OLD_FILES = {
  '/etc/passwd': 'root:x:0:0::/root:/bin/bash\njane:x:1000:1000::/home/jane:/bin/bash\n',
  '/etc/shadow': ['root:*::::::\njane:$6$s$h:::::::\n', 0o600, 0] as [string, number, number],
  '/etc/group': 'root:x:0:\nwheel:x:10:jane\njane:x:1000:\nssh_keys:x:998:\n',
  '/etc/wsl.conf': '[boot]\nsystemd=true\n[user]\ndefault=jane\n[interop]\nappendWindowsPath=false\n',
  '/etc/sudoers.d/jane': 'jane ALL=(ALL) NOPASSWD: ALL\n',
  '/etc/sudoers.d/wheel': '%wheel ALL=(ALL) ALL\n',
  '/etc/sudoers.d/vendor': 'Defaults env_keep += "EDITOR"\n',
  '/etc/ssh/ssh_host_ed25519_key': ['PRIVATE\n', 0o640, 998] as [string, number, number],
  '/etc/ssh/ssh_host_ed25519_key.pub': 'PUBLIC\n',
  '/etc/ssh/sshd_config': 'PermitRootLogin no\n',
  '/etc/motd': 'edited\n',
  '/etc/hostname': 'old-host\n',
};
const NEW_FILES = {
  '/etc/passwd': 'root:x:0:0::/root:/bin/bash\n',
  '/etc/shadow': ['root:*::::::\n', 0o600, 0] as [string, number, number],
  '/etc/group': 'root:x:0:\nwheel:x:10:\nssh_keys:x:995:\n',
  '/etc/wsl.conf': '# image defaults\n[boot]\nsystemd=true\n[network]\ngenerateResolvConf=true\n',
  '/etc/sudoers.d/wheel': '%wheel ALL=(ALL) ALL\n',
  '/etc/sudoers.d/vendor': 'Defaults env_keep += "PAGER"\n',
  '/etc/ssh/sshd_config': 'PermitRootLogin prohibit-password\n',
  '/bin/bash': ['#!fake shell\n', 0o755, 0] as [string, number, number],
};

test('the plan carries accounts, the user’s sudoers drop-ins, every wsl.conf setting and the SSH host keys, re-owned by group name', async () => {
  const plan = planCarry({ oldIndex: await root(OLD_FILES), newIndex: await root(NEW_FILES), defaultUser: 'jane', keep: ['/opt/tools/'] });
  assert.deepEqual(plan.conflicts, []);
  const file = (path: string) => plan.files.find((candidate) => candidate.path === path);
  assert.match(file('/etc/passwd')!.content.toString(), /^jane:x:1000:/m);
  assert.equal(file('/etc/shadow')!.mode, 0o600, "the new image's own mode for shadow");
  const conf = file('/etc/wsl.conf')!.content.toString();
  assert.match(conf, /^# image defaults$/m, "the image's comments stay");
  assert.match(conf, /\[network\]\ngenerateResolvConf=true/, "the image's own settings stay");
  assert.match(conf, /\[user\]\ndefault=jane/);
  assert.match(conf, /\[interop\]\nappendWindowsPath=false/);
  assert.deepEqual(plan.sudoers, ['/etc/sudoers.d/jane'], 'the user’s own file; an identical one is the image’s, a changed vendor one is reported');
  assert.equal(file('/etc/sudoers.d/jane')!.mode, 0o440);
  assert.deepEqual(plan.sshHostKeys, ['/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_ed25519_key.pub']);
  assert.equal(file('/etc/ssh/ssh_host_ed25519_key')!.gid, 995, 'ssh_keys has another gid in the new image');
  assert.deepEqual(plan.trees, ['/home', '/opt/tools']);
  assert.deepEqual(etcChanges(await root(OLD_FILES), await root(NEW_FILES), plan), [
    { path: '/etc/motd', kind: 'only-in-old' },
    { path: '/etc/ssh/sshd_config', kind: 'changed' },
    { path: '/etc/sudoers.d/vendor', kind: 'changed' },
  ]);
});

test('conflicts refuse the upgrade: the default user’s shell missing, a --keep path WSL owns', async () => {
  const noBash = { ...NEW_FILES } as Record<string, string | [string, number, number]>;
  delete noBash['/bin/bash'];
  const plan = planCarry({ oldIndex: await root(OLD_FILES), newIndex: await root(noBash), defaultUser: 'jane', keep: ['/proc/self', 'relative', '/home/../etc'] });
  assert.match(plan.conflicts.join('\n'), /jane's login shell \/bin\/bash is not in the new image/);
  assert.match(plan.conflicts.join('\n'), /\/proc\/self cannot be kept/);
  assert.match(plan.conflicts.join('\n'), /absolute path/);
  assert.match(plan.conflicts.join('\n'), /may not contain "\.\."/);
});

test('the configured default user: wsl.conf when that account exists, else the registration’s uid, else root', async () => {
  assert.equal(configuredDefaultUser(await root(OLD_FILES), undefined), 'jane');
  const noConf = await root({ '/etc/passwd': OLD_FILES['/etc/passwd'], '/etc/wsl.conf': '[user]\ndefault=ghost\n' });
  assert.equal(configuredDefaultUser(noConf, 1000), 'jane', 'an unknown wsl.conf user falls through, as in WSL');
  assert.equal(configuredDefaultUser(noConf, undefined), 'root');
});

test('--keep paths are normalized; the whole root and WSL mounts are refused', () => {
  assert.deepEqual(normalizeKeepPath('/opt//tools/'), { path: '/opt/tools' });
  assert.ok(normalizeKeepPath('/').problem);
  assert.ok(normalizeKeepPath('/mnt/c/Users').problem);
  assert.ok(normalizeKeepPath('/etc/passwd').problem);
  assert.deepEqual(normalizeKeepPath('/etc/pki'), { path: '/etc/pki' });
});
