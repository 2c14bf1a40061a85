import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readlink, symlink, writeFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { applySystemSettings, installTargets, localeConf } from '../../../../rootfs/build/system-settings.js';
import type { BuildPlan } from '../../../../rootfs/plan/build-plan.js';
import { withTempDir } from '../../../support/temp-dir.js';

const here = { file: 'config.kiwi', line: 3 };

function withRoot(run: (root: string) => Promise<void>): Promise<void> {
  return withTempDir('azl-settings-', async (root) => {
    await mkdir(join(root, 'usr/lib/systemd/system'), { recursive: true });
    await writeFile(join(root, 'usr/lib/systemd/system/chronyd.service'), '[Unit]\nDescription=NTP\n[Install]\nWantedBy=multi-user.target\n');
    await run(root);
  });
}

function plan(extra: Partial<BuildPlan>): BuildPlan {
  return { services: [], ...extra } as BuildPlan;
}

test('locale, timezone and hostname are written as the profile sets them', async () => {
  await withRoot(async (root) => {
    await applySystemSettings(root, plan({
      locale: { value: 'en_US', source: here },
      timezone: { value: 'Europe/Paris', source: here },
      hostname: { value: 'azl-dev', source: here },
    }));
    assert.equal(await readFile(join(root, 'etc/locale.conf'), 'utf8'), 'LANG=en_US.UTF-8\n');
    assert.equal(await readlink(join(root, 'etc/localtime')), '../usr/share/zoneinfo/Europe/Paris');
    assert.equal(await readFile(join(root, 'etc/hostname'), 'utf8'), 'azl-dev\n');
  });
  assert.equal(localeConf('C.UTF-8'), 'LANG=C.UTF-8\n');
});

test('services are enabled, disabled and masked with the links systemctl would make', async () => {
  await withRoot(async (root) => {
    await mkdir(join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    await symlink('/usr/lib/systemd/system/sshd.service', join(root, 'etc/systemd/system/multi-user.target.wants/sshd.service'));
    await applySystemSettings(root, plan({
      services: [
        { unit: 'chronyd.service', action: 'enable', source: here },
        { unit: 'sshd.service', action: 'disable', source: here },
        { unit: 'tmp.mount', action: 'mask', source: here },
      ],
    }));
    assert.equal(await readlink(join(root, 'etc/systemd/system/multi-user.target.wants/chronyd.service')), '/usr/lib/systemd/system/chronyd.service');
    await assert.rejects(lstat(join(root, 'etc/systemd/system/multi-user.target.wants/sshd.service')));
    assert.equal(await readlink(join(root, 'etc/systemd/system/tmp.mount')), '/dev/null');
  });
});

test('enabling a unit the image lacks and a bad timezone are clear errors with the profile line', async () => {
  await withRoot(async (root) => {
    await assert.rejects(applySystemSettings(root, plan({ services: [{ unit: 'nope.service', action: 'enable', source: here }] })), /nope\.service.*config\.kiwi:3/);
    await assert.rejects(applySystemSettings(root, plan({ timezone: { value: '../../etc/passwd', source: here } })), /not a timezone name/);
  });
});

test('reads WantedBy and RequiredBy from the [Install] section only', () => {
  assert.deepEqual(installTargets('[Unit]\nWantedBy=x.target\n[Install]\nWantedBy=a.target b.target\nRequiredBy=c.target\n'), {
    wants: ['a.target', 'b.target'],
    requires: ['c.target'],
  });
});
