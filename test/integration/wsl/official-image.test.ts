/**
 * Microsoft's Azure Linux WSL image, through the verification path Microsoft documents, against
 * a local server laid out like the real download folder (the real addresses cannot be reached
 * here): `install --official 4.0` verifies the checksum file's signature with the given key,
 * takes the SHA-256 from it (a CRLF file, as Microsoft's is) and installs; a wrong key is
 * refused before the image is even downloaded, a changed image after the download, and neither
 * registers anything.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256OfFile } from '../../../common/file-checks.js';
import { officialArch, officialImageFiles } from '../../../wsl/install/official-image.js';
import { signChecksumFile } from '../../../wsl/trust/image-signature.js';
import { createSigningKey, FIXTURE_KEY_UID, type SigningKey } from '../../fixtures/fixture-signing-key.js';
import { startStaticFileServer, type StaticFileServer } from '../../fixtures/static-file-server.js';
import { createLifecycleHarness, type LifecycleHarness } from './lifecycle/lifecycle-harness.js';
import { busyboxImage } from './test-images.js';
import { runProgram } from '../../../common/run-program.js';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../cli/azl-wsl.mjs', import.meta.url));

let h: LifecycleHarness;
let dir: string;
let microsoft: SigningKey;
let stranger: SigningKey;
let good: StaticFileServer;
let damaged: StaticFileServer;

/** A download folder with Microsoft's file names: image, CRLF checksum file, its signature. */
async function publish(folder: string, image: string, key: SigningKey): Promise<void> {
  const files = officialImageFiles('4.0', officialArch(), 'http://x');
  const name = (url: string): string => url.slice('http://x/'.length);
  await mkdir(folder, { recursive: true });
  await cp(image, join(folder, name(files.image)));
  const checksum = join(folder, name(files.checksum));
  await writeFile(checksum, `${await sha256OfFile(image)}  ${files.imageName}\r\n`);
  await signChecksumFile(checksum, FIXTURE_KEY_UID, { env: { ...process.env, GNUPGHOME: key.gnupgHome } });
  await cp(`${checksum}.asc`, join(folder, name(files.signature)));
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'azl-official-'));
  h = await createLifecycleHarness();
  microsoft = await createSigningKey(join(dir, 'gpg-ms'));
  stranger = await createSigningKey(join(dir, 'gpg-x'));
  await microsoft.exportPublicKey(join(dir, 'RPM-GPG-KEY-azurelinux-4.0-primary'));
  await stranger.exportPublicKey(join(dir, 'stranger.asc'));
  const image = await busyboxImage(dir, { name: 'official' });
  await publish(join(dir, 'good'), image, microsoft);
  // The same signed checksum, served with an image one byte different.
  await publish(join(dir, 'damaged'), image, microsoft);
  const served = join(dir, 'damaged', officialImageFiles('4.0', officialArch(), 'http://x').image.slice('http://x/'.length));
  const bytes = await readFile(served);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  await writeFile(served, bytes);
  good = await startStaticFileServer(join(dir, 'good'));
  damaged = await startStaticFileServer(join(dir, 'damaged'));
});
after(async () => {
  await good?.close();
  await damaged?.close();
  await microsoft?.dispose();
  await stranger?.dispose();
  await h?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The CLI in a child process, awaited (the file server answers from this process's event loop). */
async function install(server: StaticFileServer, key: string, name: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const args = ['install', '--official', '4.0', '--official-key', join(dir, key), '--name', name, '--no-user', '--location', join(dir, `loc-${name}`)];
  const result = await runProgram(process.execPath, [cli, ...args], {
    name: 'azl-wsl install --official',
    env: { ...h.env, AZL_WSL_OFFICIAL_MIRROR: server.origin, XDG_CACHE_HOME: join(dir, `cache-${name}`) },
  });
  return { status: result.exitCode, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

test('a checksum file signed with another key is refused before the image is downloaded; nothing registered', async () => {
  const before = await h.names();
  const run = await install(good, 'stranger.asc', 'Official-Wrong');
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /does not verify with stranger\.asc: it was not made with the given key/);
  assert.ok(!good.requests.some((path) => path.endsWith('.wsl')), 'the image was not downloaded');
  assert.deepEqual(await h.names(), before);
});

test('an image that does not match the signed checksum is refused after the download; nothing registered', async () => {
  const before = await h.names();
  const run = await install(damaged, 'RPM-GPG-KEY-azurelinux-4.0-primary', 'Official-Damaged');
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /does not match its SHA-256/);
  assert.deepEqual(await h.names(), before);
});

test('Microsoft\'s layout verified with the Azure Linux key installs the image', async () => {
  const run = await install(good, 'RPM-GPG-KEY-azurelinux-4.0-primary', 'AzureLinux-4');
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.ok((await h.names()).includes('AzureLinux-4'), 'installed under the official name, which --official may take');
  const files = officialImageFiles('4.0', officialArch(), '');
  assert.deepEqual(
    [...new Set(good.requests.filter((path) => path.includes('azurelinux-4.0')))].sort(),
    [files.checksum, files.signature, files.image].map((url) => url.replace(/^\//, '/')).sort(),
  );
});
