import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyFromJson } from '../../../../wsl/policy/admin-policy.js';
import { accountVerdicts, defaultUserVerdicts, imageVerdicts, PolicyRefusal, refuseIfBroken, repositoryVerdicts, settingVerdicts, sudoersVerdicts } from '../../../../wsl/policy/policy-rules.js';

const SHA = 'b'.repeat(64);
const policy = policyFromJson(
  {
    AllowedImages: ['contoso-azurelinux', `sha256:${SHA.toUpperCase()}`],
    MinimumImageVersion: '4.0.2',
    MaximumImageVersion: '4.1',
    RequireSudoPassword: true,
    ForbidRootDefaultUser: true,
    AllowedRepositories: ['https://packages.contoso.com/azl/', '/srv/repos'],
    LockedSettings: { outputDir: '/images' },
  },
  'test.json',
);

test('images: by catalog name (any case) or SHA-256, within the version bounds', () => {
  const ok = imageVerdicts(policy, { names: ['Contoso-AzureLinux-4.0.3', 'Contoso-AzureLinux'], sha256: 'c'.repeat(64), version: '4.0.3', label: 'x' });
  assert.deepEqual(ok.map((verdict) => verdict.ok), [true, true, true]);
  const bySha = imageVerdicts(policy, { names: [], sha256: SHA, version: '4.0.10', label: 'file.wsl' });
  assert.deepEqual(bySha.map((verdict) => verdict.ok), [true, true, true], '4.0.10 is newer than 4.0.2');
  const bad = imageVerdicts(policy, { names: ['Fabrikam'], sha256: 'c'.repeat(64), version: '4.0.1', label: 'Fabrikam' });
  assert.deepEqual(bad.map((verdict) => [verdict.rule, verdict.ok]), [['AllowedImages', false], ['MinimumImageVersion', false], ['MaximumImageVersion', true]]);
  const unknown = imageVerdicts(policy, { names: ['Contoso-AzureLinux'], label: 'x' });
  assert.equal(unknown.find((verdict) => verdict.rule === 'MinimumImageVersion')?.ok, false, 'an unknown version cannot be shown to be in range');
});

test('a refusal names the key and its value, as text and as data', () => {
  const verdicts = imageVerdicts(policy, { names: ['Fabrikam'], label: 'Fabrikam', version: '4.0.3' });
  assert.throws(
    () => refuseIfBroken(policy, verdicts),
    (error: unknown) => {
      assert.ok(error instanceof PolicyRefusal);
      assert.equal(error.message, `Refused by your organization's policy AllowedImages = [contoso-azurelinux, sha256:${SHA.toUpperCase()}]: Fabrikam is not an approved image.`);
      assert.deepEqual(error.toJSON().policy, { key: 'AllowedImages', value: `[contoso-azurelinux, sha256:${SHA.toUpperCase()}]` });
      return true;
    },
  );
});

test('accounts and distributions: passwordless sudo and root as default user', () => {
  assert.deepEqual(accountVerdicts(policy, { user: 'dev', sudo: 'nopasswd' }).map((verdict) => [verdict.rule, verdict.ok, verdict.value]), [['RequireSudoPassword', false, '1'], ['ForbidRootDefaultUser', true, '1']]);
  assert.deepEqual(accountVerdicts(policy, { user: 'dev', sudo: 'password', passwordless: true }).map((verdict) => verdict.ok), [false, true]);
  assert.deepEqual(accountVerdicts(policy, {}).map((verdict) => verdict.ok), [true, false], 'no user: starts as root');
  assert.equal(defaultUserVerdicts(policy, 'root')[0].ok, false);
  assert.equal(defaultUserVerdicts(policy, undefined)[0].ok, null);
  assert.equal(sudoersVerdicts(policy, ['/etc/sudoers.d/dev: dev ALL=(ALL) NOPASSWD: ALL'])[0].ok, false);
  assert.deepEqual(accountVerdicts(policyFromJson({}, 'none'), { sudo: 'nopasswd', user: 'x' }), [], 'no policy, no verdicts');
});

test('repositories by address prefix (scheme and host in any case; folders as file://) and locked settings', () => {
  assert.equal(repositoryVerdicts(policy, ['HTTPS://Packages.Contoso.com/azl/4.0/base', 'file:///srv/repos/extra'])[0].ok, true);
  const refused = repositoryVerdicts(policy, ['https://packages.contoso.com/azl/4.0', 'https://evil.example/azl/'])[0];
  assert.equal(refused.ok, false);
  assert.match(refused.message, /https:\/\/evil\.example\/azl\//);
  assert.equal(settingVerdicts(policy, 'outputDir', '/elsewhere')[0].ok, false);
  assert.equal(settingVerdicts(policy, 'outputDir', '/images')[0].ok, true);
  assert.deepEqual(settingVerdicts(policy, 'other', 'x'), []);
});
