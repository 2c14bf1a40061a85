import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentIdentity, parseWhoamiElevated, parseWhoamiUser } from '../../../../wsl/identity/windows-identity.js';

test('whoami output is read by security identifier, never by (localized) names', () => {
  assert.equal(parseWhoamiUser('"nt-autorität\\system","S-1-5-18"\r\n'), 'S-1-5-18');
  assert.equal(parseWhoamiUser('"contoso\\jane","S-1-5-21-1-2-3-1001"\r\n'), 'S-1-5-21-1-2-3-1001');
  const groups = '"Jeder","Bekannte Gruppe","S-1-1-0","Verbindliche Gruppe"\r\n';
  assert.equal(parseWhoamiElevated(groups + '"Verbindliche Beschriftung\\Mittlere Verbindlichkeitsstufe","Bezeichnung","S-1-16-8192",""\r\n'), false);
  assert.equal(parseWhoamiElevated(groups + '"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""\r\n'), true);
});

test('on Linux the stand-in decides; on Windows it is never consulted', async () => {
  assert.deepEqual(await currentIdentity({ env: {}, platform: 'linux' }), { system: false, elevated: false, sid: undefined });
  assert.equal((await currentIdentity({ env: { AZL_WSL_SIM_IDENTITY: 'system' }, platform: 'linux' })).system, true);
  assert.equal((await currentIdentity({ env: { AZL_WSL_SIM_IDENTITY: 'admin' }, platform: 'linux' })).elevated, true);
});
