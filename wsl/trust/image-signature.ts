/**
 * Signed images, the way Microsoft signs its Azure Linux images: the checksum file (`NAME.sha256`,
 * sha256sum's format) carries a detached OpenPGP signature (`NAME.sha256.asc`). Signing uses the
 * user's own gpg and key (`build --sign KEYID`); verifying needs only the publisher's public key
 * file: it becomes a one-key keyring in a private folder and `gpgv` checks the signature against
 * it alone (no trust database, no other keys, nothing of the user's keyring), then the image's
 * SHA-256 is compared with its line in the checksum file.
 */
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { AzlError } from '../../common/errors.js';
import { sha256OfFile } from '../../common/file-checks.js';
import { lastLines, runProgram } from '../../common/run-program.js';
import { checksumFileName } from '../../rootfs/manifest/image-manifest.js';

/** A public key file is a few KB; anything far larger is not one. */
const MAX_KEY_BYTES = 1024 * 1024;
/** A checksum file lists a few files. */
const MAX_CHECKSUM_BYTES = 1024 * 1024;

/** The checksum file and its signature for an image. */
export interface SignatureFiles {
  checksum: string;
  signature: string;
}

/** What a good verification found. */
export interface VerifiedImage {
  sha256: string;
  /** Fingerprint of the key that made the signature. */
  fingerprint: string;
  /** The key's user id as the signature names it. */
  signer?: string;
  checksumFile: string;
  signatureFile: string;
}

/** `NAME.sha256.asc` for `NAME.sha256`. */
export function signatureFileName(checksumFile: string): string {
  return `${checksumFile}.asc`;
}

/** The image's name without its archive extension (`AzureLinux-4-x86_64.wsl` → `AzureLinux-4-x86_64`). */
function imageName(image: string): string {
  return basename(image).replace(/(\.tar)?(\.wsl|\.tar|\.gz|\.tgz|\.xz)$/i, '');
}

/** `NAME.sha256` and `NAME.sha256.asc` beside `NAME.wsl` (what `build --sign` writes). */
export function signatureFilesFor(image: string): SignatureFiles {
  const checksum = join(dirname(image), checksumFileName(imageName(image)));
  return { checksum, signature: signatureFileName(checksum) };
}

/**
 * sha256sum's lines (`HEX  NAME` or `HEX *NAME`), file name → hex; CRLF line ends and a leading
 * `./` are accepted (Microsoft's checksum files have CRLF).
 */
export function parseChecksumFile(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+?)\r?$/.exec(line.replace(/^\uFEFF/, ''));
    if (match) entries.set(match[2]!.replace(/^\.\//, ''), match[1]!.toLowerCase());
  }
  return entries;
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** gpg or gpgv: on PATH, or where Gpg4win and Git for Windows put them. */
async function findGpgProgram(name: 'gpg' | 'gpgv', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = process.platform === 'win32' ? `${name}.exe` : name;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  if (process.platform === 'win32') {
    for (const base of [env.ProgramFiles, env['ProgramFiles(x86)']].filter(Boolean) as string[]) dirs.push(join(base, 'GnuPG', 'bin'), join(base, 'Git', 'usr', 'bin'));
  }
  for (const dir of dirs) if (await executable(join(dir, file))) return join(dir, file);
  throw new AzlError('PROGRAM_MISSING', `${name} (GnuPG) is needed to ${name === 'gpg' ? 'sign' : 'verify'} images and is not installed.`, {
    hint: process.platform === 'win32' ? 'Install Gpg4win (or Git for Windows, which brings gpg), then run again.' : 'Install GnuPG (Debian: apt-get install gnupg), then run again.',
  });
}

function signatureError(message: string, detail?: string): AzlError {
  return new AzlError('SIGNATURE_INVALID', message, {
    hint: 'Do not install this image: get the image, its checksum and its signature again from the publisher, and check that you have the publisher\'s key. Nothing was changed.',
    ...(detail ? { detail } : {}),
  });
}

/** The key file as a binary keyring (gpgv reads only those): armored keys are dearmored. */
async function keyringFrom(keyFile: string, scratch: string, signal?: AbortSignal): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(keyFile);
  } catch (error) {
    throw new AzlError('INPUT_NOT_FOUND', `The key file ${keyFile} cannot be read.`, { hint: 'Give the publisher\'s public key file (ASCII-armored or binary).', detail: (error as Error).message });
  }
  if (bytes.length === 0 || bytes.length > MAX_KEY_BYTES) throw new AzlError('INPUT_UNREADABLE', `${keyFile} is not a public key file.`, { hint: 'Give the publisher\'s public key file (ASCII-armored or binary).' });
  const keyring = join(scratch, 'trusted.gpg');
  if (bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN PGP')) {
    const gpg = await findGpgProgram('gpg');
    const result = await runProgram(gpg, ['--batch', '--dearmor'], { name: 'gpg --dearmor', stdin: bytes, env: { PATH: process.env.PATH ?? '', GNUPGHOME: scratch, LANG: 'C' }, signal });
    if (result.exitCode !== 0 || result.stdout.length === 0) throw new AzlError('INPUT_UNREADABLE', `${keyFile} is not a readable OpenPGP public key.`, { hint: 'Give the publisher\'s public key file.', detail: lastLines(result.stderr.toString('utf8'), 10) });
    bytes = result.stdout;
  }
  await writeFile(keyring, bytes);
  return keyring;
}

/**
 * Checks that `signatureFile` is a good detached signature of `dataFile` by the key in
 * `keyFile` (and only that key). Returns the signing key's fingerprint.
 */
export async function verifyDetachedSignature(dataFile: string, signatureFile: string, keyFile: string, signal?: AbortSignal): Promise<{ fingerprint: string; signer?: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'azl-wsl-verify-'));
  try {
    const keyring = await keyringFrom(keyFile, scratch, signal);
    const gpgv = await findGpgProgram('gpgv');
    const result = await runProgram(gpgv, ['--status-fd', '1', '--keyring', keyring, '--', signatureFile, dataFile], {
      name: 'gpgv',
      env: { PATH: process.env.PATH ?? '', GNUPGHOME: scratch, LANG: 'C' },
      signal,
    });
    const status = result.stdout.toString('utf8');
    const fingerprint = /^\[GNUPG:\] VALIDSIG ([0-9A-F]{16,})/m.exec(status)?.[1];
    const good = /^\[GNUPG:\] GOODSIG \S+ (.*)$/m.exec(status);
    if (result.exitCode === 0 && fingerprint && good && !/^\[GNUPG:\] (EXPKEYSIG|REVKEYSIG|BADSIG|ERRSIG)/m.test(status)) {
      return { fingerprint, ...(good[1] ? { signer: good[1].trim() } : {}) };
    }
    const reason = /^\[GNUPG:\] BADSIG/m.test(status)
      ? 'the signature does not match the file (it was changed after signing)'
      : /^\[GNUPG:\] (ERRSIG|NO_PUBKEY)/m.test(status)
        ? 'it was not made with the given key'
        : /^\[GNUPG:\] EXPKEYSIG/m.test(status)
          ? 'the key has expired'
          : /^\[GNUPG:\] REVKEYSIG/m.test(status)
            ? 'the key was revoked'
            : 'it is not a valid signature';
    throw signatureError(`The signature ${basename(signatureFile)} of ${basename(dataFile)} does not verify with ${basename(keyFile)}: ${reason}.`, lastLines(result.stderr.toString('utf8').trim(), 10));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Verifies an image: the checksum file's signature with `keyFile`, then the image against its
 * line in the checksum file. Defaults: NAME.sha256 and NAME.sha256.asc beside the image.
 */
export async function verifyImage(options: { image: string; keyFile: string; checksumFile?: string; signatureFile?: string; checksumName?: string; signal?: AbortSignal }): Promise<VerifiedImage> {
  const defaults = signatureFilesFor(options.image);
  const checksumFile = options.checksumFile ?? defaults.checksum;
  const signatureFile = options.signatureFile ?? (options.checksumFile ? signatureFileName(options.checksumFile) : defaults.signature);
  for (const [file, what] of [
    [options.image, 'image'],
    [checksumFile, 'checksum file'],
    [signatureFile, 'signature'],
  ] as const) {
    if (!(await access(file).then(() => true, () => false))) {
      throw signatureError(`The ${what} ${file} is missing, so the image cannot be verified.`);
    }
  }
  const signed = await verifyDetachedSignature(checksumFile, signatureFile, options.keyFile, options.signal);
  const text = await readFile(checksumFile);
  if (text.length > MAX_CHECKSUM_BYTES) throw signatureError(`${basename(checksumFile)} is not a checksum file.`);
  const name = options.checksumName ?? basename(options.image);
  const expected = parseChecksumFile(text.toString('utf8')).get(name);
  if (!expected) throw signatureError(`The signed checksum file ${basename(checksumFile)} has no line for ${name}.`);
  const actual = await sha256OfFile(options.image, options.signal);
  if (actual !== expected) {
    throw signatureError(`${basename(options.image)} does not match its signed checksum: the image was changed or damaged.`, `signed   ${expected}\nactual   ${actual}`);
  }
  return { sha256: actual, fingerprint: signed.fingerprint, ...(signed.signer ? { signer: signed.signer } : {}), checksumFile, signatureFile };
}

/**
 * Signs a checksum file with the user's gpg and key `keyId` (detached, ASCII-armored), writing
 * `NAME.sha256.asc` beside it. gpg asks for the passphrase through its own agent when needed.
 */
export async function signChecksumFile(checksumFile: string, keyId: string, options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<string> {
  const gpg = await findGpgProgram('gpg', options.env);
  const signature = signatureFileName(checksumFile);
  const partial = `${signature}.partial`;
  const result = await runProgram(gpg, ['--batch', '--yes', '--armor', '--local-user', keyId, '--output', partial, '--detach-sign', '--', checksumFile], {
    name: 'gpg --detach-sign',
    env: { ...(options.env ?? process.env) },
    signal: options.signal,
  });
  if (result.exitCode !== 0) {
    await rm(partial, { force: true });
    throw new AzlError('SIGNING_FAILED', `gpg could not sign ${basename(checksumFile)} with the key ${keyId}.`, {
      hint: `Check the key with \`gpg --list-secret-keys ${keyId}\` (and that gpg-agent can ask for its passphrase); the image itself was written.`,
      detail: lastLines(result.stderr.toString('utf8').trim(), 10),
    });
  }
  await rename(partial, signature);
  return signature;
}

/** Fails early (before a build) when gpg has no secret key `keyId`. */
export async function requireSigningKey(keyId: string, options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<void> {
  const gpg = await findGpgProgram('gpg', options.env);
  const result = await runProgram(gpg, ['--batch', '--list-secret-keys', '--with-colons', '--', keyId], { name: 'gpg --list-secret-keys', env: { ...(options.env ?? process.env) }, signal: options.signal });
  if (result.exitCode !== 0 || !/^sec:/m.test(result.stdout.toString('utf8'))) {
    throw new AzlError('SIGNING_FAILED', `gpg has no secret key ${keyId} to sign with.`, {
      hint: 'List your keys with `gpg --list-secret-keys` and pass one of them to --sign (a key id, fingerprint or user id). Nothing was built.',
      detail: lastLines(result.stderr.toString('utf8').trim(), 10),
    });
  }
}
