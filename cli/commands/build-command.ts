/** `azl-wsl build`: profile → plan → WSL transform → dnf → validated .wsl + manifest. */
import { defineCommand } from '../command.js';
import { PROFILE_COMPLETIONS, PROFILE_HELP, PROFILE_OPTIONS, planFromOptions } from './profile-options.js';
import { EXECUTOR_COMPLETIONS, EXECUTOR_HELP, EXECUTOR_OPTIONS, builderModeFrom, choicesFrom, enforceRepositoryPolicy, executorFromOptions } from './executor-options.js';
import { buildRequest } from '../../rootfs/executor/build-request.js';
import { loadReview } from '../../rootfs/executor/review-store.js';
import { defaultCacheDir } from '../../rootfs/build/build-image.js';
import { FORMATS, outputTarget } from './output-target.js';
import { formatParityReport } from '../../rootfs/transform/parity-report.js';
import { createProgressRenderer } from '../output/progress-renderer.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';
import { requireSigningKey, signChecksumFile } from '../../wsl/trust/image-signature.js';

export const buildCommand = defineCommand({
  name: 'build',
  summary: 'Build a validated .wsl image from a profile',
  help: `Usage: azl-wsl build --profile FILE [options]

Builds an Azure Linux root filesystem with dnf from the profile, turns a cloud or container
profile into a WSL image (every difference is recorded, with its reason, in the parity
report), packs it, validates it and writes IMAGE, IMAGE.manifest.json, IMAGE.sha256 and the
CycloneDX SBOM IMAGE.cdx.json (every package with its package URL, licence, rpm SHA-256 and
repository; docs/sbom.md).
Needs root (dnf --installroot and chroot). Ctrl-C stops cleanly and leaves no partial output.

${PROFILE_HELP}
  --out FILE|DIR         the image file (FILE.wsl, .tar.gz, .tar.xz or .tar: its extension
                         sets the format), or the folder to write it in (default: ./out)
  --name NAME            with --out DIR: the base name (default: from the profile's bundle_format)
  --format FORMAT        wsl (gzip, default) | tar.gz | tar.xz | tar
  --no-gpgcheck          do not check package signatures (only for test repositories)
  --cache-dir DIR        download and root cache (default: ~/.cache/azl-wsl)
  --review-digest D      build exactly the plan azl-wsl plan --transform reviewed (it printed D;
                         the same options): the transform is not run again, and the build is
                         refused if the profile or its repositories changed since
${EXECUTOR_HELP}
  --proxy-into-image     write the proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY, or the Windows system
                         proxy) into the image, address only, never credentials
  --ca-into-image        also install the extra CAs into the image's trust store
  --sign KEYID           sign IMAGE.sha256 with your gpg key KEYID (detached, ASCII-armored
                         IMAGE.sha256.asc, as Microsoft signs its Azure Linux checksum files);
                         check it with azl-wsl verify IMAGE --key PUBLIC-KEY-FILE
  --verify-reproducible  build a second time into separate roots (fresh, no caches) and fail
                         unless both images are byte-identical, naming the first members
                         that differ (with diffoscope's detail when it is installed)
  --verbose              show dnf and script output as it runs
  --json                 progress and result as JSON lines
  --debug                show stack traces on errors

Images are reproducible (docs/reproducibility.md): every time in the image is clamped to
SOURCE_DATE_EPOCH, by default the newest package build time in the repositories.
Environment: SOURCE_DATE_EPOCH sets that time (seconds since 1970-01-01 UTC).`,
  options: {
    ...PROFILE_OPTIONS,
    out: { type: 'string' },
    name: { type: 'string' },
    format: { type: 'string' },
    'no-gpgcheck': { type: 'boolean' },
    'cache-dir': { type: 'string' },
    verbose: { type: 'boolean' },
    'verify-reproducible': { type: 'boolean' },
    sign: { type: 'string' },
    'review-digest': { type: 'string' },
    ...EXECUTOR_OPTIONS,
    'proxy-into-image': { type: 'boolean' },
    'ca-into-image': { type: 'boolean' },
  },
  completions: { ...PROFILE_COMPLETIONS, ...EXECUTOR_COMPLETIONS, out: 'file', format: FORMATS, 'cache-dir': 'directory', sign: 'none', 'review-digest': 'none' },
  async run(context, { values }) {
    builderModeFrom('build', values);
    const target = await outputTarget(values);
    const epochText = context.env.SOURCE_DATE_EPOCH;
    const sourceDateEpoch = epochText === undefined || epochText === '' ? undefined : Number(epochText);
    if (sourceDateEpoch !== undefined && !Number.isInteger(sourceDateEpoch)) {
      throw usageError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${epochText}".`, 'build');
    }

    // A missing key fails before the build, not after it.
    if (values.sign !== undefined) await requireSigningKey(values.sign, { env: context.env, signal: context.signal });
    const plan = await planFromOptions('build', values);
    await enforceRepositoryPolicy(context, values, plan);
    const reviewed = values['review-digest'] === undefined ? undefined : await loadReview(values['cache-dir'] ?? defaultCacheDir(), values['review-digest']);
    const { executor, network } = await executorFromOptions('build', context, values, {
      proxyIntoImage: Boolean(values['proxy-into-image']),
      caIntoImage: Boolean(values['ca-into-image']),
    });
    const renderer = createProgressRenderer({
      mode: values.json ? 'json' : context.isTTY ? 'tty' : 'plain',
      write: values.json ? context.stdout : context.stderr,
      verbose: values.verbose,
    });
    // Checked against the review's choices here, before any builder is started.
    const request = buildRequest(choicesFrom(plan, values), { cacheDir: values['cache-dir'], network }, { ...target, sourceDateEpoch, verifyReproducible: values['verify-reproducible'] }, reviewed);
    let result;
    try {
      result = await executor.build(request, { signal: context.signal, onProgress: renderer.listener });
    } finally {
      renderer.finish();
    }

    const signature = values.sign === undefined ? undefined : await signChecksumFile(result.checksumPath, values.sign, { env: context.env, signal: context.signal });
    const { manifest } = result;
    if (values.json) {
      context.stdout(
        JSON.stringify({
          kind: 'result',
          image: result.imagePath,
          manifest: result.manifestPath,
          checksum: result.checksumPath,
          sbom: result.sbomPath,
          ...(signature ? { signature } : {}),
          sha256: manifest.output.sha256,
          bytes: manifest.output.bytes,
          packages: manifest.packages.length,
          parityEntries: manifest.parity.entries.length,
          validation: manifest.validation,
          sourceDateEpoch: manifest.sourceDateEpoch?.value,
          reproducible: manifest.reproducible?.verified === true,
        }) + '\n',
      );
      return EXIT_OK;
    }
    const lines = [
      '',
      `Image:      ${result.imagePath}`,
      `Size:       ${(manifest.output.bytes / (1024 * 1024)).toFixed(1)} MiB`,
      `SHA-256:    ${manifest.output.sha256}`,
      `Profile:    ${manifest.profile.profileName} (${manifest.profile.path})`,
      `Packages:   ${manifest.packages.length} installed, same repositories and versions as the source profile`,
      `Validation: ${manifest.validation.errors} errors, ${manifest.validation.warnings} warnings`,
      ...(manifest.reproducible ? ['Reproducible: yes, a second build from scratch gave the same bytes'] : []),
      `Manifest:   ${result.manifestPath}`,
      ...(signature ? [`Signature:  ${signature} (key ${values.sign})`] : []),
      ...(result.sbomPath ? [`SBOM:       ${result.sbomPath} (CycloneDX ${manifest.sbom?.format.replace(/^CycloneDX /, '') ?? ''})`] : []),
      '',
      formatParityReport(manifest.parity),
    ];
    context.stdout(lines.join('\n') + '\n');
    return EXIT_OK;
  },
});
