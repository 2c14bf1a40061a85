/** `azl-wsl sbom NAME`: the CycloneDX SBOM of an installed distribution, from its rpm database. */
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { distroSbom } from '../../wsl/trust/distro-sbom.js';
import { sbomFileName } from '../../rootfs/sbom/cyclonedx-sbom.js';
import { AzlError } from '../../common/errors.js';
import { WSL_COMPLETIONS, WSL_HELP, WSL_OPTIONS, wslCallOptions } from './wsl-options.js';
import { usageError } from '../output/usage-error.js';
import { EXIT_OK } from '../output/exit-codes.js';

export const sbomCommand = defineCommand({
  name: 'sbom',
  summary: 'Write the CycloneDX SBOM of an installed distribution',
  help: `Usage: azl-wsl sbom NAME [--out FILE|-]

Lists every package installed in distribution NAME, read as root by its own rpm, as a
CycloneDX 1.6 SBOM (the same shape a build writes beside its image, docs/sbom.md): package
URLs pkg:rpm/azurelinux/NAME@VERSION-RELEASE?arch=…&distro=…&epoch=…, licences, and the image
it was installed from when azl-wsl installed it. Feed it to a vulnerability scanner.

  --out FILE|-           where to write it (default: NAME.cdx.json here; - for stdout)
${WSL_HELP}
  --json                 the result as one JSON line (file and package count)`,
  options: { ...WSL_OPTIONS, out: { type: 'string' } },
  positionals: { max: 1, complete: 'none' },
  completions: { ...WSL_COMPLETIONS, out: 'file' },
  async run(context, { values, positionals }) {
    const distro = positionals[0];
    if (!distro) throw usageError('Name the distribution (azl-wsl list shows them).', 'sbom');
    const sbom = await distroSbom(distro, wslCallOptions(context, values));
    if (values.out === '-') {
      context.stdout(sbom.text);
      return EXIT_OK;
    }
    const file = resolve(values.out ?? sbomFileName(distro));
    const partial = `${file}.partial`;
    try {
      await writeFile(partial, sbom.text);
      await rename(partial, file);
    } catch (error) {
      throw new AzlError('OUTPUT_UNWRITABLE', `The SBOM cannot be written to ${file}.`, { hint: 'Choose another file with --out.', detail: (error as Error).message });
    }
    context.stdout(values.json ? JSON.stringify({ kind: 'result', distro, file, packages: sbom.packages }) + '\n' : `Wrote ${file}: ${sbom.packages} packages of ${distro} (CycloneDX 1.6).\n`);
    return EXIT_OK;
  },
});
