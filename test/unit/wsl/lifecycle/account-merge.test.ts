import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeAccounts } from '../../../../wsl/lifecycle/account-merge.js';

const OLD = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\njane:x:1000:1000:Jane:/home/jane:/bin/zsh\nbob:x:1001:1001::/home/bob:/bin/bash\nnobody:x:65534:65534::/:/sbin/nologin\n',
  shadow: 'root:*:19000::::::\njane:$6$salt$hash:19000:0:99999:7:::\n',
  group: 'root:x:0:\nwheel:x:10:jane\ndocker:x:975:jane,bob\njane:x:1000:\nbob:x:1001:\ndevs:x:1500:jane,bob\nnobody:x:65534:\n',
  gshadow: 'root:::\nwheel:::jane\njane:!::\nbob:!::\ndevs:!:jane:jane,bob\n',
};
const NEW = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/sbin/nologin\n',
  shadow: 'root:*:20000::::::\n',
  group: 'root:x:0:\nwheel:x:10:\nnobody:x:65534:\nsshd:x:975:\n',
  gshadow: 'root:::\nwheel:::\n',
};

test('regular accounts, their own groups and their system-group memberships are carried; the image keeps everything it has', () => {
  const merged = mergeAccounts(OLD, NEW);
  assert.deepEqual(merged.conflicts, []);
  assert.deepEqual(merged.users.map((user) => user.name), ['jane', 'bob']);
  assert.match(merged.files.passwd!, /^jane:x:1000:1000:Jane:\/home\/jane:\/bin\/zsh$/m);
  assert.doesNotMatch(merged.files.passwd!, /nobody.*\n.*nobody/, 'nobody (65534) is not a regular account: not duplicated');
  assert.match(merged.files.shadow!, /^jane:\$6\$salt\$hash:/m, 'the password hash travels');
  assert.match(merged.files.shadow!, /^bob:!:/m, 'no old shadow line: locked, never an empty password');
  assert.match(merged.files.shadow!, /^root:\*:20000:/m, "the image's root line stays");
  assert.match(merged.files.group!, /^wheel:x:10:jane$/m);
  assert.match(merged.files.group!, /^devs:x:1500:jane,bob$/m);
  // docker's gid 975 is sshd's in the new image: created with a free system gid instead.
  const docker = /^docker:x:(\d+):jane,bob$/m.exec(merged.files.group!);
  assert.ok(docker && Number(docker[1]) < 1000 && docker[1] !== '975', merged.files.group);
  assert.match(merged.files.gshadow!, /^wheel:::jane$/m);
  assert.match(merged.files.gshadow!, /^devs:!:jane:jane,bob$/m, "a carried group's gshadow line is copied whole");
  assert.deepEqual(merged.users.find((user) => user.name === 'jane')?.groups.sort(), ['devs', 'docker', 'wheel']);
  assert.deepEqual([...merged.groupsCarried].sort(), [`docker (gid ${docker![1]})`, 'jane (gid 1000)', 'bob (gid 1001)', 'devs (gid 1500)'].sort());
});

test('an account the new image defines differently is a conflict, never merged by guess', () => {
  const clash = mergeAccounts(OLD, { ...NEW, passwd: NEW.passwd + 'jane:x:1005:1005::/home/jane:/bin/bash\n' });
  assert.match(clash.conflicts.join('\n'), /new image has its own account "jane" with uid 1005, not 1000/);
  const uidTaken = mergeAccounts(OLD, { ...NEW, passwd: NEW.passwd + 'builder:x:1001:1001::/home/builder:/bin/bash\n' });
  assert.match(uidTaken.conflicts.join('\n'), /gives uid 1001 to "builder", which "bob" uses/);
  const gidTaken = mergeAccounts(OLD, { ...NEW, group: NEW.group + 'ci:x:1500:\n' });
  assert.match(gidTaken.conflicts.join('\n'), /gives gid 1500 to the group "ci", which "devs" uses/);
});

test('the same account in both (an image that ships the user) is taken from the old distribution', () => {
  const merged = mergeAccounts(OLD, { ...NEW, passwd: NEW.passwd + 'jane:x:1000:1000::/home/jane:/bin/bash\n', group: NEW.group + 'jane:x:1000:\n' });
  assert.deepEqual(merged.conflicts, []);
  assert.equal(merged.files.passwd!.match(/^jane:/gm)?.length, 1);
  assert.match(merged.files.passwd!, /^jane:x:1000:1000:Jane:\/home\/jane:\/bin\/zsh$/m);
});

test('images without shadow or gshadow files stay without them', () => {
  const merged = mergeAccounts({ passwd: OLD.passwd, group: OLD.group }, { passwd: NEW.passwd, group: NEW.group });
  assert.equal(merged.files.shadow, undefined);
  assert.equal(merged.files.gshadow, undefined);
});
