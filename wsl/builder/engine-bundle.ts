/**
 * The engine as one file for a builder distro: an esbuild ESM bundle of the job runner, with
 * the files the engine reads next to its own module (the WSL icon, package.json for the
 * version), laid out so `import.meta.url`-relative paths resolve as in the source tree.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICON_ASSET } from '../../rootfs/transform/own-wsl-files.js';
import { JOB_RUNNER_PATH } from '../../rootfs/executor/job-spec.js';
import { toolVersion } from '../../common/tool-version.js';

export interface EngineBundle {
  /** Folder holding the bundle (remove it when done). */
  dir: string;
  /** Short content hash: the builder keeps one folder per engine version. */
  hash: string;
}

const ENTRY = fileURLToPath(new URL('../../rootfs/executor/job-runner.ts', import.meta.url));
/**
 * Optional dependencies of @cyclonedx/cyclonedx-library the engine never uses (it writes JSON
 * SBOMs and validates nothing): XML output and schema validators. The library loads them inside
 * try/catch and works without them, so they stay out of the bundle.
 */
const OPTIONAL_SBOM_PLUGINS = ['xmlbuilder2', 'libxmljs2', 'ajv', 'ajv-formats', 'ajv-formats-draft2019'];
/**
 * jsonc-parser's `main` is a UMD build whose modules require each other at run time, which a
 * bundle cannot follow; its ES module build bundles like any other.
 */
const ESM_ENTRY_POINTS = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };
/** ESM bundles have no `require`; some dependencies still call it for Node built-ins. */
const REQUIRE_SHIM = "import { createRequire as __azlCreateRequire } from 'node:module'; const require = __azlCreateRequire(import.meta.url);";

/** Builds the bundle into a fresh temporary folder. */
export async function buildEngineBundle(): Promise<EngineBundle> {
  const { build } = (await import('esbuild')) as typeof import('esbuild');
  const dir = await mkdtemp(join(tmpdir(), 'azl-wsl-engine-'));
  try {
    const outfile = join(dir, JOB_RUNNER_PATH);
    await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      banner: { js: REQUIRE_SHIM },
      external: OPTIONAL_SBOM_PLUGINS,
      alias: ESM_ENTRY_POINTS,
      logLevel: 'silent',
    });
    const runnerDir = dirname(outfile);
    await mkdir(join(runnerDir, 'assets'), { recursive: true });
    await copyFile(ICON_ASSET, join(runnerDir, 'assets', 'azurelinux.ico'));
    const pkg = JSON.stringify({ name: 'azl-wsl-engine', version: toolVersion() }) + '\n';
    // common/tool-version.ts reads ../package.json from its module, which the bundle places in rootfs/executor/.
    await writeFile(join(dir, 'rootfs', 'package.json'), pkg);
    const hash = createHash('sha256').update(await readFile(outfile)).update(pkg).digest('hex').slice(0, 16);
    return { dir, hash };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
