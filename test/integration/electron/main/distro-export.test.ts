/**
 * The app's export and accounts actions against the wsl.exe simulator: the proposed path, the
 * checks made before anything is sent (empty, folder, missing parent, relative name, other
 * extension), the export job written under a temporary name and renamed only on success (a
 * failed or cancelled export leaves no file and never touches the file it was to replace), and
 * the users and default user of a distribution.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DistroService } from '../../../../electron/main/distro-service.js';
import { InstallRecords } from '../../../../electron/main/install-records.js';
import { JobManager } from '../../../../electron/main/job-manager.js';
import { importDistro } from '../../../../wsl/driver/wsl-import.js';
import { busyboxImage } from '../../wsl/test-images.js';
import { createSimulatorEnv, type SimulatorEnv } from '../../../wsl-simulator/simulator-env.js';
import { waitFor } from '../../../support/wait-for.js';

let sim: SimulatorEnv;
let dir: string;
let exportDir: string;
let wrapper: string;
let service: DistroService;
let jobs: JobManager;
const exportedTo: string[] = [];

/** wsl.exe that passes everything to the simulator, except --export while $DIR/export-mode says fail or hang (after writing part of the file). */
const WRAPPER = (simulator: string, stateDir: string) => `#!/bin/sh
if [ "$1" = "--export" ] && [ -f "${stateDir}/export-mode" ]; then
  printf 'partial tar data' > "$3"
  case "$(cat "${stateDir}/export-mode")" in
    fail) echo "The export failed." >&2; echo "Error code: Wsl/Service/E_FAIL" >&2; exit 1;;
    hang) touch "${stateDir}/export-started"; while :; do sleep 0.05; done;;
  esac
fi
exec "${simulator}" "$@"
`;

before(async () => {
  sim = await createSimulatorEnv({ idleTimeoutMs: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'azl-export-'));
  exportDir = join(dir, 'Documents');
  await mkdir(exportDir);
  wrapper = join(dir, 'wsl.exe');
  await writeFile(wrapper, WRAPPER(sim.wslPath, dir));
  await chmod(wrapper, 0o755);
  const image = await busyboxImage(dir);
  await importDistro({ wslPath: sim.wslPath, env: sim.env, name: 'Box', location: join(dir, 'box'), file: image, version: 2 });
  jobs = new JobManager({ onUpdate: () => {}, onLog: () => {} });
  service = new DistroService({
    wsl: { wslPath: wrapper, env: sim.env },
    records: new InstallRecords(join(dir, 'records.json')),
    distroLocations: { list: async () => [] },
    platform: 'linux',
    onListChanged: () => {},
    jobs,
    exportDir: () => exportDir,
    onExported: (file) => exportedTo.push(file),
  });
});

after(async () => {
  await jobs?.dispose();
  await sim?.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('the export target: a full default path is proposed, and every unusable target is a sentence before anything is sent', async () => {
  const proposed = await service.checkExport('Box', '', 'wsl');
  assert.match(proposed.path, new RegExp(`^${exportDir}/Box-\\d{4}-\\d\\d-\\d\\d\\.wsl$`));
  assert.equal(proposed.problem, undefined);
  assert.equal(proposed.folder, exportDir);
  assert.equal((await service.checkExport('Box', 'backup', 'wsl')).path, join(exportDir, 'backup.wsl'), 'a relative name goes in the export folder, with the extension');
  assert.equal((await service.checkExport('Box', 'backup', 'tar.gz')).path, join(exportDir, 'backup.tar.gz'));
  assert.match((await service.checkExport('Box', exportDir, 'wsl')).problem ?? '', /is a folder\. Add a file name, such as .*Box\.wsl/);
  assert.match((await service.checkExport('Box', join(dir, 'nowhere', 'x.wsl'), 'wsl')).problem ?? '', /The folder .*nowhere does not exist\. Create it first/);
  assert.match((await service.checkExport('Box', join(dir, 'x.tar.gz'), 'wsl')).problem ?? '', /ends in \.gz, but the format is \.wsl/);
  await writeFile(join(exportDir, 'old.wsl'), 'the old backup');
  assert.equal((await service.checkExport('Box', 'old.wsl', 'wsl')).replaces, true);
  await assert.rejects(service.startExport('Box', exportDir, 'wsl', false), (error: Error & { code?: string }) => error.code === 'OUTPUT_UNWRITABLE' && /is a folder/.test(error.message));
});

test('an export job writes the file (a gzip tar) only when it succeeded, says where, and remembers the folder', async () => {
  await assert.rejects(service.startExport('Box', 'old.wsl', 'wsl', false), (error: Error & { code?: string }) => error.code === 'OUTPUT_EXISTS', 'an existing file is replaced only when asked');
  const job = await service.startExport('Box', 'old.wsl', 'wsl', true);
  assert.equal(job.kind, 'export');
  const done = await jobs.settled(job.id);
  assert.equal(done?.state, 'succeeded', JSON.stringify(done?.error));
  assert.equal(done?.exported?.path, join(exportDir, 'old.wsl'));
  assert.equal(done?.distro, 'Box');
  const bytes = await readFile(join(exportDir, 'old.wsl'));
  assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip, as a .wsl is');
  assert.equal(done?.exported?.bytes, bytes.length);
  assert.deepEqual(exportedTo, [join(exportDir, 'old.wsl')]);
  assert.deepEqual((await readdir(exportDir)).filter((name) => name.includes('azl-export')), []);
});

test('a failed or cancelled export leaves no partial file and the file it was to replace as it was', async () => {
  await writeFile(join(exportDir, 'keep.wsl'), 'the previous backup');
  await writeFile(join(dir, 'export-mode'), 'fail');
  const failed = await jobs.settled((await service.startExport('Box', 'keep.wsl', 'wsl', true)).id);
  assert.equal(failed?.state, 'failed');
  assert.equal(await readFile(join(exportDir, 'keep.wsl'), 'utf8'), 'the previous backup');
  assert.deepEqual((await readdir(exportDir)).filter((name) => name.includes('azl-export')), []);

  await writeFile(join(dir, 'export-mode'), 'hang');
  const running = await service.startExport('Box', 'keep.wsl', 'wsl', true);
  await waitFor('wsl --export to start', () => readFile(join(dir, 'export-started')).then(() => true, () => false));
  jobs.cancel(running.id);
  const cancelled = await jobs.settled(running.id);
  assert.equal(cancelled?.state, 'cancelled');
  assert.equal(await readFile(join(exportDir, 'keep.wsl'), 'utf8'), 'the previous backup');
  assert.deepEqual((await readdir(exportDir)).filter((name) => name.includes('azl-export')), []);
  await rm(join(dir, 'export-mode'));
});

test('the accounts of a distribution: root and its people, and who it starts as', async () => {
  const accounts = await service.accounts('box');
  assert.equal(accounts.defaultUser, 'root');
  assert.deepEqual(accounts.users, [{ name: 'root', uid: 0 }]);
});
