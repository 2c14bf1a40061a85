import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAzlError } from '../../../../common/errors.js';
import type { FinishStep } from '../../../../rootfs/plan/build-plan.js';
import { ICON_ASSET, ownWslFiles } from '../../../../rootfs/transform/own-wsl-files.js';
import { renderAzureLinuxIcon } from '../../../../rootfs/transform/wsl-icon.js';
import { DISTRIBUTION_CONF_SCHEMA, parseWslConfig } from '../../../../common/wsl-config-file.js';

/** Keys validate-modern.py accepts in /etc/wsl-distribution.conf (anything else is an error). */
const ALLOWED_DISTRIBUTION_KEYS = new Set([
  'oobe.command', 'oobe.defaultuid', 'oobe.defaultname', 'shortcut.icon', 'shortcut.enabled',
  'windowsterminal.profiletemplate', 'windowsterminal.enabled',
]);
const ONE_MIB = 1024 * 1024;

/** WSL's own reading (common/wsl-config-file.ts): no warning, nothing WSL would skip. */
function parseIni(text: string): Map<string, string> {
  const config = parseWslConfig(text, { path: '/etc/wsl-distribution.conf', schema: DISTRIBUTION_CONF_SCHEMA });
  assert.deepEqual(config.warnings, [], 'WSL reads every line without a warning');
  return new Map(config.entries.map((entry) => [entry.name.toLowerCase(), entry.text]));
}

function stepAt(steps: FinishStep[], path: string): FinishStep {
  const step = steps.find((candidate) => (candidate.kind === 'write-file' || candidate.kind === 'copy-file') && candidate.path === path);
  assert.ok(step, `${path} is written`);
  return step;
}

function textOf(steps: FinishStep[], path: string): { content: string; mode: number } {
  const step = stepAt(steps, path);
  assert.equal(step.kind, 'write-file');
  return step.kind === 'write-file' ? step : { content: '', mode: 0 };
}

const steps = ownWslFiles({ distroName: 'AzureLinux-3.0', releaseVersion: '3.0' });

test('wsl.conf turns on systemd and nothing else', () => {
  const conf = textOf(steps, '/etc/wsl.conf');
  assert.equal(conf.content, '[boot]\nsystemd=true\n');
  assert.equal(conf.mode, 0o644);
});

test('wsl-distribution.conf uses only validator-allowed keys and points at files we ship', () => {
  const conf = textOf(steps, '/etc/wsl-distribution.conf');
  assert.equal(conf.mode, 0o644);
  const values = parseIni(conf.content);
  for (const key of values.keys()) assert.ok(ALLOWED_DISTRIBUTION_KEYS.has(key), `${key} would fail validation`);
  assert.equal(values.get('oobe.command'), '/usr/lib/wsl/first-run.sh');
  assert.equal(values.get('oobe.defaultuid'), '1000');
  assert.equal(values.get('oobe.defaultname'), 'AzureLinux-3.0');
  assert.equal(values.get('shortcut.icon'), '/usr/lib/wsl/azurelinux.ico');
  assert.equal(values.get('windowsterminal.profiletemplate'), '/usr/lib/wsl/terminal-profile.json');
  for (const key of ['oobe.command', 'shortcut.icon', 'windowsterminal.profiletemplate']) stepAt(steps, values.get(key)!);
  assert.equal(textOf(steps, '/usr/lib/wsl/first-run.sh').mode, 0o755);
  assert.ok(!/\[user\]/i.test(conf.content) && !/\[user\]/i.test(textOf(steps, '/etc/wsl.conf').content), 'no [user] default: it warns');
});

test('the icon is a valid 32-bit .ico under 1 MiB, mode 0644, and the shipped file matches the renderer', () => {
  const step = stepAt(steps, '/usr/lib/wsl/azurelinux.ico');
  assert.ok(step.kind === 'copy-file');
  assert.equal(step.mode, 0o644);
  assert.equal(step.from, ICON_ASSET);
  const bytes = readFileSync(ICON_ASSET);
  assert.ok(
    bytes.equals(renderAzureLinuxIcon()),
    'rootfs/transform/assets/azurelinux.ico is stale: regenerate it from renderAzureLinuxIcon()',
  );
  assert.ok(bytes.length <= ONE_MIB);
  assert.equal(bytes.readUInt16LE(0), 0);
  assert.equal(bytes.readUInt16LE(2), 1, 'type icon');
  assert.equal(bytes.readUInt16LE(4), 1, 'one image');
  assert.equal(bytes[6], 32);
  assert.equal(bytes[7], 32);
  assert.equal(bytes.readUInt16LE(12), 32, 'bits per pixel');
  const size = bytes.readUInt32LE(14);
  const offset = bytes.readUInt32LE(18);
  assert.equal(offset + size, bytes.length, 'the directory entry covers the image exactly');
  assert.equal(bytes.readUInt32LE(offset), 40, 'BITMAPINFOHEADER');
  assert.equal(bytes.readInt32LE(offset + 4), 32);
  assert.equal(bytes.readInt32LE(offset + 8), 64, 'height counts XOR and AND masks');
  assert.equal(bytes.readUInt16LE(offset + 14), 32);
  // Not blank: it has opaque pixels of at least two colours and transparent corners.
  const colours = new Set<number>();
  for (let at = offset + 40; at < offset + 40 + 32 * 32 * 4; at += 4) if (bytes[at + 3] === 0xff) colours.add(bytes.readUInt32LE(at));
  assert.ok(colours.size >= 2);
  assert.equal(bytes[offset + 40 + 3], 0, 'rounded corner is transparent');
});

test('the Terminal profile template is strict JSON with one profile and its scheme, mode 0640', () => {
  const template = textOf(steps, '/usr/lib/wsl/terminal-profile.json');
  assert.equal(template.mode, 0o640);
  assert.ok(Buffer.byteLength(template.content) <= ONE_MIB);
  const json = JSON.parse(template.content);
  assert.ok(Array.isArray(json.profiles));
  assert.equal(json.profiles.length, 1);
  assert.ok(Array.isArray(json.schemes));
  assert.equal(json.schemes[0].name, json.profiles[0].colorScheme);
});

test('every path is under /etc or /usr/lib/wsl and is attributed to the transform', () => {
  for (const step of steps) {
    assert.ok(step.kind === 'write-file' || step.kind === 'copy-file');
    assert.ok(step.path === '/etc/wsl.conf' || step.path === '/etc/wsl-distribution.conf' || step.path.startsWith('/usr/lib/wsl/'), step.path);
    assert.equal(step.source.file, '<wsl transform>');
  }
});

test('a distribution name WSL would refuse is an AzlError, not a broken image', () => {
  for (const bad of ['Azure Linux', 'legacy', '', 'a/b']) {
    assert.throws(() => ownWslFiles({ distroName: bad, releaseVersion: '3.0' }), (error) => isAzlError(error) && error.code === 'DISTRO_NAME_INVALID');
  }
});
