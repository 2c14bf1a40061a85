/** `azl-wsl verify IMAGE --key KEYFILE`: the image, its checksum file and that file's signature. */
import { defineCommand } from '../command.js';
import { verifyImage } from '../../wsl/trust/image-signature.js';
import { requireReadableFile } from './input-file.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Verify an image against its signed checksum file',
  help: `Usage: azl-wsl verify IMAGE --key KEYFILE [--checksum FILE] [--signature FILE]

Checks that the checksum file's detached OpenPGP signature was made with the key in KEYFILE
(and only that key: your own keyring is not used), then that IMAGE matches its line in the
checksum file. By default the checksum file and signature are NAME.sha256 and NAME.sha256.asc
beside NAME.wsl, as \`azl-wsl build --sign\` writes them. Exit code 0 only when all of it holds.

  --key KEYFILE          the publisher's public key (ASCII-armored or binary OpenPGP)
  --checksum FILE        the checksum file (sha256sum format) instead of NAME.sha256
  --signature FILE       the detached signature instead of CHECKSUM.asc
  --json                 the result as one JSON line`,
  options: { key: { type: 'string' }, checksum: { type: 'string' }, signature: { type: 'string' } },
  positionals: { max: 1, complete: 'file' },
  completions: { key: 'file', checksum: 'file', signature: 'file' },
  async run(context, { values, positionals }) {
    const image = positionals[0];
    if (!image) throw usageError('Name the image to verify.', 'verify');
    if (!values.key) throw usageError('--key KEYFILE is required: the public key the image must be signed with.', 'verify');
    await requireReadableFile(image, 'The image');
    await requireReadableFile(values.key, 'The key file');
    const verified = await verifyImage({ image, keyFile: values.key, checksumFile: values.checksum, signatureFile: values.signature, signal: context.signal });
    context.stdout(
      values.json
        ? JSON.stringify({ kind: 'result', image, verified: true, ...verified }) + '\n'
        : `Verified ${image}: SHA-256 ${verified.sha256} is in ${verified.checksumFile}, signed by ${verified.signer ?? 'the key'} (${verified.fingerprint}).\n`,
    );
    return EXIT_OK;
  },
});
