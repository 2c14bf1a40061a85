// The Intune scripts are thin wrappers: each calls the CLI with flags the CLI declares (checked
// against the command table, the same one the CLI parses with), passes its exit code on, and
// finds the CLI the same way; the rules JSON matches the settings `inventory --intune` returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../../../cli/command-table.js';
import { intuneCompliance } from '../../../../wsl/fleet/intune-compliance.js';
import { failedRules, type IntuneRule } from '../../../fixtures/intune-rules.js';
import { EXIT_CONFLICT, EXIT_FAILURE, EXIT_NEEDS_UPGRADE, EXIT_OK, EXIT_POLICY_REFUSED, EXIT_RUNNING_AS_SYSTEM, EXIT_USAGE } from '../../../../cli/output/exit-codes.js';

const dir = fileURLToPath(new URL('../../../../windows/intune/', import.meta.url));
const read = (file: string) => readFile(dir + file, 'utf8');

/** Every `& $cli …` call in a script: its tokens up to a pipe, redirection or line end. */
function cliCalls(script: string): string[][] {
  return [...script.matchAll(/& \$cli ([^\n|]*)/g)].map(([, rest]) =>
    rest
      .replace(/\s+2>\$null.*$/, '')
      .match(/\([^)]*\)|"[^"]*"|\S+/g)!
      .filter((token) => token !== ''),
  );
}

/** Checks one call against the command table: the command exists, every flag is declared, values where needed. */
function checkCall(call: string[]): void {
  const [name, ...rest] = call;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  assert.ok(command, `azl-wsl has a "${name}" command`);
  const options = { ...command!.options, json: { type: 'boolean' }, debug: { type: 'boolean' } } as Record<string, { type: string }>;
  let positionals = 0;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) {
      positionals++;
      continue;
    }
    const option = options[token.slice(2)];
    assert.ok(option, `${name} declares ${token}`);
    if (option.type === 'string') {
      const value = rest[++i];
      assert.ok(value !== undefined && !value.startsWith('--'), `${name} ${token} is given a value`);
    }
  }
  assert.ok(positionals <= (command!.positionals?.max ?? 0), `${name} takes ${positionals} argument(s)`);
}

test('each script calls the CLI exactly as documented, with flags the CLI declares', async () => {
  const expected: Record<string, string[]> = {
    'install.ps1': ['ensure --answers (Join-Path $FleetDir \'fleet.yaml\')'],
    'detect.ps1': ['ensure --answers $answers --check'],
    'uninstall.ps1': ['list --json', 'remove $Name --yes'],
    'discover-compliance.ps1': ['inventory --intune --start'],
  };
  const readme = await read('README.md');
  for (const [file, calls] of Object.entries(expected)) {
    const found = cliCalls(await read(file));
    assert.deepEqual(found.map((call) => call.join(' ')), calls, file);
    for (const call of found) checkCall(call);
    for (const call of found) {
      const documented = `azl-wsl ${call.filter((token) => token.startsWith('--') || /^[a-z-]+$/.test(token)).join(' ')}`;
      assert.ok(readme.replace(/ …| NAME/g, '').includes(documented), `README documents "${documented}" (${file})`);
    }
  }
});

test('the scripts pass the CLI\'s exit code on and find the CLI the same way', async () => {
  // One lookup: the helper beside the package scripts, and the copy install.ps1 keeps for the two Intune runs alone.
  assert.match(await read('azl-wsl-lookup.ps1'), /^function Find-AzlWsl \{/m);
  for (const file of ['install.ps1', 'uninstall.ps1']) assert.match(await read(file), /^\. \(Join-Path \$PSScriptRoot 'azl-wsl-lookup\.ps1'\)$/m, file);
  for (const file of ['detect.ps1', 'discover-compliance.ps1']) {
    const script = await read(file);
    assert.ok(script.includes("$lookup = Join-Path $env:LOCALAPPDATA 'azl-wsl\\intune\\azl-wsl-lookup.ps1'"), file);
    assert.match(script, /(^|\{ )\. \$lookup( \}|$)/m, `${file} dot-sources the copy`);
  }
  assert.match(await read('install.ps1'), /Copy-Item -LiteralPath \(Join-Path \$PSScriptRoot 'azl-wsl-lookup\.ps1'\) -Destination \(Join-Path \$FleetDir 'azl-wsl-lookup\.ps1'\)/);
  for (const file of ['install.ps1', 'detect.ps1', 'uninstall.ps1', 'discover-compliance.ps1']) assert.doesNotMatch(await read(file), /function Find-AzlWsl/, `${file} has no lookup of its own`);
  assert.match(await read('install.ps1'), /& \$cli ensure [^\n]*\nexit \$LASTEXITCODE\s*$/);
  assert.match(await read('detect.ps1'), /if \(\$LASTEXITCODE -eq 0\) \{\s*Write-Output \$result\s*exit 0\s*\}\s*exit 1\s*$/, 'output only when compliant');
  const readme = await read('README.md');
  for (const [code, constant] of [['0', EXIT_OK], ['1', EXIT_FAILURE], ['2', EXIT_USAGE], ['10', EXIT_NEEDS_UPGRADE], ['11', EXIT_POLICY_REFUSED], ['12', EXIT_RUNNING_AS_SYSTEM], ['13', EXIT_CONFLICT]] as const) {
    assert.equal(Number(code), constant);
    assert.match(readme, new RegExp(`^\\| ${code} \\|`, 'm'), `return code ${code} is documented`);
  }
});

test('the compliance rules are valid Intune rules over settings the discovery script returns, with their types', async () => {
  const rules = (JSON.parse(await read('compliance-rules.json')) as { Rules: IntuneRule[] }).Rules;
  const sample = intuneCompliance({
    policySource: 'test',
    distributions: [{ name: 'Contoso', state: 'Running', wslVersion: 2, isDefault: true, inspected: true, defaultUser: 'dev', defaultUserIsRoot: false, passwordlessSudo: false, image: { name: 'Contoso-AzureLinux-4.0.20260601', version: '4.0.20260601', sha256: 'a'.repeat(64), installedAt: '', installId: '', tool: '' }, verdicts: [], compliant: true }],
  });
  const types: Record<IntuneRule['DataType'], string> = { Boolean: 'boolean', Int64: 'number', Double: 'number', String: 'string', Version: 'string', DateTime: 'string' };
  for (const rule of rules) {
    assert.ok(['IsEquals', 'NotEquals', 'GreaterThan', 'GreaterEquals', 'LessThan', 'LessEquals'].includes(rule.Operator), rule.SettingName);
    assert.ok(rule.SettingName in sample, `${rule.SettingName} is a setting the script returns`);
    assert.equal(typeof (sample as unknown as Record<string, unknown>)[rule.SettingName], types[rule.DataType], `${rule.SettingName} is a ${rule.DataType}`);
    assert.ok(rule.RemediationStrings.some((text) => text.Language === 'en_US' && text.Title && text.Description), `${rule.SettingName} has en_US remediation text`);
  }
  assert.deepEqual(failedRules(rules, sample as unknown as Record<string, unknown>), [], 'a compliant device passes every rule');
  assert.deepEqual(failedRules(rules, { ...sample, AzlWslImageVersion: '4.0.20260501', AzlWslRootDefaultUser: true }).sort(), ['AzlWslImageVersion', 'AzlWslRootDefaultUser']);
  const fallback = /@\{([^}]*)\}/.exec(await read('discover-compliance.ps1'))![1];
  assert.deepEqual([...fallback.matchAll(/(\w+) =/g)].map(([, key]) => key).sort(), Object.keys(sample).sort(), 'the script\'s fallback has every setting');
});
