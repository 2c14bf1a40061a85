// The ADMX/ADML templates admins import are well-formed, complete, and write exactly the
// registry values the policy module reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { POLICY_KEY, POLICY_KEYS } from '../../../../wsl/policy/policy-keys.js';
import { policyFromRegistry } from '../../../../wsl/policy/admin-policy.js';
import type { RegistryKey, RegistryValue } from '../../../../wsl/registry/registry.js';

const root = fileURLToPath(new URL('../../../../windows/policy/', import.meta.url));
const NS = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';

async function parse(file: string): Promise<Element> {
  const text = await readFile(root + file, 'utf8');
  const problems: string[] = [];
  const document = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(text, 'text/xml');
  assert.deepEqual(problems, [], `${file} is well-formed XML`);
  assert.equal(document.documentElement?.namespaceURI, NS, `${file} uses the PolicyDefinitions namespace`);
  return document.documentElement!;
}

function children(element: Element, name: string): Element[] {
  return Array.from(element.getElementsByTagNameNS(NS, name));
}

function child(element: Element, name: string): Element | undefined {
  return children(element, name)[0];
}

const relativeKey = POLICY_KEY.replace(/^HKLM\\/, '');

test('every policy key has a Machine policy under HKLM\\SOFTWARE\\Policies\\azl-wsl of the right shape, and nothing else is there', async () => {
  const admx = await parse('azl-wsl.admx');
  const policies = children(admx, 'policy');
  assert.deepEqual(policies.map((policy) => policy.getAttribute('name')).sort(), POLICY_KEYS.map((key) => key.name).sort());
  for (const info of POLICY_KEYS) {
    const policy = policies.find((candidate) => candidate.getAttribute('name') === info.name)!;
    assert.equal(policy.getAttribute('class'), 'Machine', info.name);
    assert.equal(policy.getAttribute('key')!.toLowerCase(), relativeKey.toLowerCase(), info.name);
    const elements = child(policy, 'elements');
    switch (info.kind) {
      case 'flag':
        assert.equal(policy.getAttribute('valueName'), info.name);
        assert.equal(child(child(policy, 'enabledValue')!, 'decimal')?.getAttribute('value'), '1');
        assert.equal(child(child(policy, 'disabledValue')!, 'decimal')?.getAttribute('value'), '0');
        break;
      case 'text':
        assert.equal(child(elements!, 'text')?.getAttribute('valueName'), info.name);
        break;
      case 'list':
      case 'map': {
        const list = child(elements!, 'list')!;
        assert.equal(list.getAttribute('key')!.toLowerCase(), `${relativeKey}\\${info.name}`.toLowerCase());
        assert.equal(list.getAttribute('explicitValue') === 'true', info.kind === 'map', `${info.name}: name/value pairs only for maps`);
        break;
      }
    }
  }
});

test('every string and presentation the ADMX names exists in the en-US ADML, with matching element ids', async () => {
  const admx = await parse('azl-wsl.admx');
  const adml = await parse('en-US/azl-wsl.adml');
  const strings = new Set(children(adml, 'string').map((string) => string.getAttribute('id')));
  const presentations = new Map(children(adml, 'presentation').map((presentation) => [presentation.getAttribute('id'), presentation]));
  const text = await readFile(root + 'azl-wsl.admx', 'utf8');
  for (const [, id] of text.matchAll(/\$\(string\.([A-Za-z0-9_]+)\)/g)) assert.ok(strings.has(id), `string ${id}`);
  for (const policy of children(admx, 'policy')) {
    const reference = policy.getAttribute('presentation');
    const elements = child(policy, 'elements');
    const ids = elements ? Array.from(elements.childNodes).filter((node): node is Element => node.nodeType === 1).map((element) => element.getAttribute('id')) : [];
    if (!reference) {
      assert.deepEqual(ids, [], `${policy.getAttribute('name')} has elements but no presentation`);
      continue;
    }
    const presentation = presentations.get(/^\$\(presentation\.(.+)\)$/.exec(reference)![1]);
    assert.ok(presentation, reference);
    const refIds = Array.from(presentation!.childNodes).filter((node): node is Element => node.nodeType === 1).map((element) => element.getAttribute('refId'));
    assert.deepEqual(refIds.sort(), ids.sort(), `${policy.getAttribute('name')}: presentation controls match the elements`);
  }
});

test('what the templates write (values as Group Policy stores them) is what the policy module reads', () => {
  const sz = (data: string): RegistryValue => ({ type: 'REG_SZ', data });
  const written: RegistryKey = {
    values: {
      MinimumImageVersion: sz('4.0.1'),
      MaximumImageVersion: sz('4.9'),
      RequireSudoPassword: { type: 'REG_DWORD', data: 1 },
      ForbidRootDefaultUser: { type: 'REG_DWORD', data: 0 },
      ForceProxy: sz('http://proxy.contoso.com:8080'),
      RequireSigningKey: sz('\\\\contoso\\keys\\wsl-images.asc'),
    },
    subkeys: {
      AllowedImages: { values: { '1': sz('Contoso-AzureLinux'), '2': sz('sha256:' + 'a'.repeat(64)) }, subkeys: {} },
      AllowedRepositories: { values: { '1': sz('https://packages.contoso.com/') }, subkeys: {} },
      ForceCaFiles: { values: { '1': sz('C:\\ca\\proxy.pem') }, subkeys: {} },
      LockedSettings: { values: { outputDir: sz('D:\\WSL\\Images') }, subkeys: {} },
    },
  };
  const policy = policyFromRegistry(written, 'test');
  for (const info of POLICY_KEYS) assert.notEqual(policy[info.name], undefined, `${info.name} is read`);
  assert.deepEqual(policy.AllowedImages, ['Contoso-AzureLinux', 'sha256:' + 'a'.repeat(64)]);
  assert.equal(policy.RequireSudoPassword, true);
  assert.equal(policy.ForbidRootDefaultUser, false);
  assert.deepEqual(policy.LockedSettings, { outputDir: 'D:\\WSL\\Images' });
  assert.equal(policy.RequireSigningKey, '\\\\contoso\\keys\\wsl-images.asc');
});
