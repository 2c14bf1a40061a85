/**
 * The few device nodes scripts and scriptlets expect in a chroot (`/dev/null`, `/dev/zero`,
 * `/dev/random`, `/dev/urandom`). The packer never archives `/dev` contents, so they only exist
 * while the image is being configured.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runProgram } from '../../common/run-program.js';
import { resolveInRoot } from './root-path.js';

/** name, major, minor: Linux's fixed numbers for the memory devices. */
const DEVICES: ReadonlyArray<[string, number, number]> = [
  ['null', 1, 3],
  ['zero', 1, 5],
  ['random', 1, 8],
  ['urandom', 1, 9],
];

/** Creates the memory device nodes in the root's /dev (replacing plain files a package left). */
export async function prepareDevices(root: string, signal?: AbortSignal): Promise<void> {
  const dev = await resolveInRoot(root, '/dev', { followLast: true, what: '/dev' });
  await mkdir(dev, { recursive: true, mode: 0o755 });
  for (const [name, major, minor] of DEVICES) {
    const path = join(dev, name);
    await rm(path, { force: true });
    await runProgram('mknod', ['-m', '666', path, 'c', String(major), String(minor)], { name: 'mknod', signal });
  }
}
