import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intuneCompliance } from '../../../../wsl/fleet/intune-compliance.js';
import type { DistroInventory } from '../../../../wsl/fleet/inventory.js';
import { splitSections } from '../../../../wsl/driver/marked-sections.js';

const distro = (name: string, extra: Partial<DistroInventory>): DistroInventory => ({ name, state: 'Running', wslVersion: 2, isDefault: false, inspected: true, verdicts: [], compliant: true, ...extra });

test('the flat Intune JSON: counts, the lowest managed version in Intune\'s Version form, root and sudo flags', () => {
  const image = (version: string) => ({ name: `Contoso-${version}`, version, sha256: 'a'.repeat(64), installedAt: '', installId: '', tool: '0' });
  const flat = intuneCompliance({
    policySource: 'test',
    distributions: [
      distro('A', { image: image('4.0.20260601'), defaultUser: 'dev', defaultUserIsRoot: false, passwordlessSudo: false }),
      distro('B', { image: image('4.0.20260501-2'), defaultUser: 'root', defaultUserIsRoot: true, passwordlessSudo: true, compliant: false, verdicts: [{ rule: 'ForbidRootDefaultUser', ok: false, value: '1', message: '' }] }),
      distro('C', { inspected: false, compliant: null, state: 'Stopped' }),
    ],
  });
  assert.deepEqual({ ...flat, AzlWslToolVersion: 'x' }, {
    AzlWslDistributions: 3,
    AzlWslManaged: 2,
    AzlWslNotInspected: 1,
    AzlWslCompliant: false,
    AzlWslPolicyViolations: 1,
    AzlWslImageVersion: '4.0.20260501.2',
    AzlWslImageName: 'Contoso-4.0.20260501-2',
    AzlWslRootDefaultUser: true,
    AzlWslPasswordlessSudo: true,
    AzlWslToolVersion: 'x',
  });
  const empty = intuneCompliance({ policySource: 'none', distributions: [] });
  assert.equal(empty.AzlWslImageVersion, '0.0', 'no image: a version every minimum rule fails');
  assert.equal(empty.AzlWslCompliant, true);
});

test('the facts script output splits on its random marker only', () => {
  const sections = splitSections('@@m record\n{"a": "@@m x"}\n@@m packages\nbash-0:5.2-1.x86_64\n@@m end\n', '@@m');
  assert.deepEqual(sections.get('record'), ['{"a": "@@m x"}']);
  assert.deepEqual(sections.get('packages'), ['bash-0:5.2-1.x86_64']);
});
