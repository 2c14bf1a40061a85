import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { applyProfileSettings, captureProfileSettings, fragmentProfileGuid, terminalSettingsFiles } from '../../../../wsl/lifecycle/terminal-profile.js';

const OLD = '{45b51987-424d-54f4-a824-13d3d393e34c}';
const NEW = '{c86db1c1-584a-5378-a95f-36f4e9d9084e}';

const SETTINGS = `// Terminal settings, edited by hand
{
    "defaultProfile": "${OLD}",
    "profiles": {
        "defaults": {},
        "list": [
            { "guid": "{61c54bbd-c2c6-5271-96e7-009a87ff44bf}", "name": "PowerShell" },
            // my Azure Linux profile
            { "guid": "${OLD}", "font": { "face": "Cascadia Mono" }, "colorScheme": "One Half Dark", "startingDirectory": "~/projects", },
        ],
    },
}
`;

test('the user’s settings for the old profile follow the distribution to its new profile; comments and other profiles stay', async () => {
  const localAppData = await mkdtemp(join(tmpdir(), 'azl-wt-'));
  try {
    const env = { LOCALAPPDATA: localAppData };
    const file = terminalSettingsFiles(env)[0];
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, SETTINGS);
    const fragment = join(localAppData, 'fragment.json');
    await writeFile(fragment, JSON.stringify({ profiles: [{ updates: '{x}', hidden: true }, { commandline: 'wsl.exe --distribution-id {d}', guid: NEW.toUpperCase(), name: 'Dev' }] }));
    assert.equal(await fragmentProfileGuid({ id: '{d}', name: 'Dev', basePath: '/x', vhdFileName: 'ext4.vhdx', terminalProfilePath: fragment }), NEW);

    const captured = await captureProfileSettings(OLD, env);
    assert.equal(captured?.files.length, 1);
    assert.equal(captured?.files[0].isDefault, true);
    assert.equal(captured?.files[0].entry?.colorScheme, 'One Half Dark');

    assert.deepEqual(await applyProfileSettings(captured, NEW), [file]);
    const text = await readFile(file, 'utf8');
    assert.match(text, /\/\/ my Azure Linux profile/);
    const doc = parse(text) as { defaultProfile: string; profiles: { list: Array<Record<string, unknown>> } };
    assert.equal(doc.defaultProfile, NEW);
    const mine = doc.profiles.list.find((profile) => profile.guid === NEW);
    assert.equal(mine?.colorScheme, 'One Half Dark');
    assert.equal(mine?.startingDirectory, '~/projects');
    assert.equal(doc.profiles.list.filter((profile) => profile.guid === OLD).length, 0);
    assert.equal(doc.profiles.list.length, 2);
    assert.deepEqual(await applyProfileSettings(await captureProfileSettings(NEW, env), NEW), [], 'applying to the same profile changes nothing');
  } finally {
    await rm(localAppData, { recursive: true, force: true });
  }
});

test('no Terminal, no settings or no profile: nothing to carry, nothing written', async () => {
  const localAppData = await mkdtemp(join(tmpdir(), 'azl-wt-'));
  try {
    assert.deepEqual((await captureProfileSettings(OLD, { LOCALAPPDATA: localAppData }))?.files, []);
    assert.equal(await captureProfileSettings(undefined, { LOCALAPPDATA: localAppData }), undefined);
    assert.equal(await fragmentProfileGuid(undefined), undefined);
    assert.deepEqual(await applyProfileSettings(undefined, NEW), []);
  } finally {
    await rm(localAppData, { recursive: true, force: true });
  }
});
